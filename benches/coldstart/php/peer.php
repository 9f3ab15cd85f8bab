<?php
// Cold start, peer side: firebase/php-jwt installed with Composer, one HS256 decode. argv[1]: vendor/autoload.php.
declare(strict_types=1);
require $argv[1];
try {
    $claims = Firebase\JWT\JWT::decode((string) getenv('OO_COLD_TOKEN'), new Firebase\JWT\Key((string) getenv('OO_COLD_SECRET'), 'HS256'));
} catch (UnexpectedValueException|DomainException) {
    exit(1);
}
exit(($claims->key ?? null) === getenv('OO_COLD_KEY') ? 0 : 1);
