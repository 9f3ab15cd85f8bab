<?php
// Cold start, oo side: the installed Composer package, one verify. argv[1]: the project's vendor/autoload.php.
declare(strict_types=1);
require $argv[1];
try {
    $claims = OoJwt\Jwt::verify((string) getenv('OO_COLD_TOKEN'), (string) getenv('OO_COLD_SECRET'));
} catch (OoJwt\JwtException) {
    exit(1);
}
exit(($claims['key'] ?? null) === getenv('OO_COLD_KEY') ? 0 : 1);
