<?php
// The oo side: the integration kit's plain-PHP callback handler (OoJwt\CallbackHandler), the
// settings read with Jwt::loadConfig from Docs' local.json, as an integrator's callback.php does.
// The same script serves `oo` and `oo-preload` (the difference is php.ini only).

declare(strict_types=1);

require getenv('OO_BENCH_AUTOLOAD');

use OoJwt\Callback;
use OoJwt\CallbackHandler;
use OoJwt\Jwt;

$settings = Jwt::loadConfig(getenv('OO_SERVE_CONFIG'));
CallbackHandler::serveCallback($settings, static function (Callback $cb): void {
    // What a save handler reads first: status, key, url and the history's length.
    $seen = [$cb->statusCode(), $cb->key, $cb->url, \count($cb->history['changes'] ?? [])];
});
