<?php
// The peer side: the same callback with firebase/php-jwt, the way ONLYOFFICE's PHP integration
// example does it (its trackmanager and JwtManager): the JSON body's `token` if present, else the
// Authorization header's Bearer token and its `payload` claim; HS256 with the outbox secret.

declare(strict_types=1);

require getenv('OO_BENCH_AUTOLOAD');

use Firebase\JWT\JWT;
use Firebase\JWT\Key;

header('Content-Type: application/json');
$data = json_decode((string) file_get_contents('php://input'), false);
$secret = (string) getenv('OO_SERVE_SECRET');
try {
    if (!empty($data->token)) {
        $data = JWT::decode($data->token, new Key($secret, 'HS256'));
    } elseif (!empty($_SERVER['HTTP_AUTHORIZATION'])) {
        $data = JWT::decode(substr($_SERVER['HTTP_AUTHORIZATION'], \strlen('Bearer ')), new Key($secret, 'HS256'))->payload;
    } else {
        http_response_code(403);
        echo '{"error":1}';
        return;
    }
} catch (\UnexpectedValueException|\DomainException $e) {
    http_response_code(403);
    echo '{"error":1}';
    return;
}
// The verified claims, as objects (json_decode's default there).
$seen = [$data->status ?? null, $data->key ?? null, $data->url ?? null, \count($data->history->changes ?? [])];
echo '{"error":0}';
