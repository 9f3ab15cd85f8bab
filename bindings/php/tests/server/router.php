<?php

// The integrator's service the end-to-end tests drive with `oo-jwt docs-sim session`, under `php -S`
// (as its router) and under php-fpm behind nginx (every request goes to this script):
//   /callback, /files/doc.docx              CallbackHandler's plain-PHP adapters
//   /psr7/callback, /psr7/files/doc.docx    Psr7CallbackHandler over nyholm/psr7 (Debian's package)
// Settings: Jwt::loadConfig($OO_JWT_TEST_CONFIG). Each callback received is appended as one JSON
// line to $OO_JWT_TEST_LOG for the test to check.

declare(strict_types=1);

use OoJwt\Callback;
use OoJwt\CallbackHandler;
use OoJwt\Jwt;
use OoJwt\Psr7CallbackHandler;

spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'OoJwt\\')) {
        require dirname(__DIR__, 2) . '/src/' . substr($class, 6) . '.php';
    }
});

$settings = Jwt::loadConfig((string) getenv('OO_JWT_TEST_CONFIG'));
$file = "PK\x03\x04 a small document for the download check\n";
$record = static function (string $adapter, Callback $cb): void {
    $line = json_encode([
        'adapter' => $adapter,
        'key' => $cb->key,
        'status' => $cb->statusCode(),
        'changesurl' => $cb->changesUrl,
        'history_changes' => isset($cb->history['changes']) ? count($cb->history['changes']) : null,
        'forcesavetype' => $cb->forceSaveType?->value,
        'userdata' => $cb->userData,
        'users' => $cb->users,
    ]);
    file_put_contents((string) getenv('OO_JWT_TEST_LOG'), $line . "\n", FILE_APPEND | LOCK_EX);
};
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);

if ($path === '/callback') {
    CallbackHandler::serveCallback($settings, static fn (Callback $cb) => $record('plain', $cb));
} elseif ($path === '/files/doc.docx') {
    CallbackHandler::serveDownload($settings, static function () use ($file): void {
        header('Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document');
        echo $file;
    });
} elseif (str_starts_with($path, '/psr7/')) {
    require_once '/usr/share/php/Psr/Http/Message/autoload.php';
    require_once '/usr/share/php/Nyholm/Psr7/autoload.php';
    $factory = new Nyholm\Psr7\Factory\Psr17Factory();
    $request = new Nyholm\Psr7\ServerRequest(
        $_SERVER['REQUEST_METHOD'],
        CallbackHandler::requestUrl(),
        getallheaders(),
        file_get_contents('php://input'),
    );
    $handler = new Psr7CallbackHandler($settings, $factory);
    $response = $path === '/psr7/callback'
        ? $handler->callback($request, static fn (Callback $cb) => $record('psr7', $cb))
        : ($path === '/psr7/files/doc.docx'
            ? $handler->download($request, static fn () => $factory->createResponse(200)->withBody($factory->createStream($file)))
            : $factory->createResponse(404));
    http_response_code($response->getStatusCode());
    foreach ($response->getHeaders() as $name => $values) {
        header("$name: " . implode(', ', $values));
    }
    echo $response->getBody();
} else {
    http_response_code(404);
}
