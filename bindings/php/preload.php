<?php

// opcache.preload script for PHP-FPM, where ffi.enable=preload (the default) allows FFI only while
// preloading: registers the oo-jwt declarations and library as the FFI scope "OO_JWT", which
// OoJwt\Jwt then finds in every request with FFI::scope(). The library is $OO_JWT_LIB as the FPM
// master sees it, else lib/liboo_jwt.so inside this package; or pass the path to preload().
// See README.md, "PHP-FPM".

declare(strict_types=1);

require_once __DIR__ . '/src/Abi.php';
require_once __DIR__ . '/src/JwtException.php';
require_once __DIR__ . '/src/Jwt.php';

OoJwt\Jwt::preload();
