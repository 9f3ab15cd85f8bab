<?php
// The oo side: the integration kit's plain-PHP callback handler (OoJwt\CallbackHandler), with the
// settings Jwt::loadConfig read from Docs' local.json when the server started (`server run` writes
// them as a PHP file, which opcache keeps: README, PHP-FPM). The same script serves `oo` and
// `oo-preload` (the difference is php.ini only).

declare(strict_types=1);

require getenv('OO_BENCH_AUTOLOAD');

use OoJwt\Callback;
use OoJwt\CallbackHandler;

$settings = require getenv('OO_BENCH_SETTINGS');
CallbackHandler::serveCallback($settings, static function (Callback $cb): void {
    // What a save handler reads first: status, key, url and the history's length.
    $seen = [$cb->statusCode(), $cb->key, $cb->url, \count($cb->history['changes'] ?? [])];
});
