<?php

declare(strict_types=1);

// PSR-4 for OoJwt\ (src/) and OoJwt\Tests\ (tests/), so the suite needs no `composer install`.
spl_autoload_register(static function (string $class): void {
    foreach (['OoJwt\\Tests\\' => __DIR__ . '/', 'OoJwt\\' => dirname(__DIR__) . '/src/'] as $ns => $dir) {
        if (str_starts_with($class, $ns)) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($ns))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
