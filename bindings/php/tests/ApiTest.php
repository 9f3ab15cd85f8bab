<?php

declare(strict_types=1);

namespace OoJwt\Tests;

use OoJwt\Abi;
use OoJwt\Jwt;
use OoJwt\JwtException;
use PHPUnit\Framework\TestCase;

/** The PHP surface: argument conversion, options, errors, every operation on ONLYOFFICE-shaped data. */
final class ApiTest extends TestCase
{
    private const NOW = 1700000000;

    private function error(callable $fn): JwtException
    {
        try {
            $fn();
        } catch (JwtException $e) {
            return $e;
        }
        $this->fail('no JwtException');
    }

    public function testExceptionCarriesNameNumberAndCoreMessage(): void
    {
        $token = Jwt::sign(['key' => 'k', 'exp' => self::NOW - 61], 'secret');
        $e = $this->error(fn () => Jwt::verify($token, 'secret', ['now' => self::NOW]));
        $this->assertInstanceOf(\RuntimeException::class, $e);
        $this->assertSame('expired', $e->getErrorName());
        $this->assertSame(Abi::EXPIRED, $e->getCode());
        $this->assertSame(7, $e->getCode());
        $this->assertNotSame('', $e->getDetail());
        $this->assertSame('expired: ' . $e->getDetail(), $e->getMessage());
        // the message is the core's own, read right after the call
        $this->assertSame($e->getDetail(), Jwt::ffi()->oo_last_error_message());
        // leeway moves the boundary; the core judges it
        $this->assertSame(['key' => 'k', 'exp' => self::NOW - 61], Jwt::verify($token, 'secret', ['now' => self::NOW, 'leeway' => 62]));
    }

    public function testEveryStatusNameComesFromTheCore(): void
    {
        foreach ((new \ReflectionClass(Abi::class))->getConstants() as $name => $value) {
            if (!str_starts_with($name, 'OPT_') && !str_starts_with($name, 'PLACEMENT_')) {
                $this->assertSame(strtolower($name), Jwt::ffi()->oo_status_name($value));
            }
        }
    }

    /** oo_selftest_panic in a child PHP (the core's panic hook writes to stderr; kept out of this log). */
    public function testPanicInTheCoreBecomesInternal(): void
    {
        $code = 'require ' . var_export(__DIR__ . '/bootstrap.php', true) . ';
            $f = OoJwt\Jwt::ffi();
            $rc = $f->oo_selftest_panic();
            echo $rc, "|", $f->oo_status_name($rc), "|", $f->oo_last_error_message(), "|";
            echo json_encode(OoJwt\Jwt::verify(OoJwt\Jwt::sign(["a" => 1], "s"), "s"));';
        $p = proc_open([PHP_BINARY, '-r', $code], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        $this->assertSame(0, proc_close($p), $err);
        $parts = explode('|', $out);
        $this->assertCount(4, $parts, $out . $err);
        $this->assertSame([(string) Abi::INTERNAL, 'internal'], \array_slice($parts, 0, 2));
        $this->assertStringContainsString('panic', strtolower($parts[2]));
        $this->assertSame('{"a":1}', $parts[3], 'the library still works after a caught panic');
        $this->assertStringContainsString('panicked', $err);
    }

    public function testInputsArePassedWithTheirByteLength(): void
    {
        // a NUL inside the secret is part of it
        $t = Jwt::sign(['a' => 1], "ab\0cd");
        $this->assertSame(Hs256::sign('{"a":1}', "ab\0cd"), $t);
        $this->assertSame('bad_signature', $this->error(fn () => Jwt::verify($t, 'ab'))->getErrorName());
        // a NUL inside a token or a JSON text reaches the core, which refuses it
        $this->assertSame('malformed', $this->error(fn () => Jwt::verify($t . "\0", "ab\0cd"))->getErrorName());
        $this->assertSame('invalid_json', $this->error(fn () => Jwt::sign("{\"a\":1}\0", 's'))->getErrorName());
        // multibyte text: strlen counts bytes
        $this->assertSame(['name' => 'Зоя 🦊'], Jwt::verify(Jwt::sign('{"name":"Зоя 🦊"}', 'ключ'), 'ключ'));
        $this->assertSame('empty_secret', $this->error(fn () => Jwt::sign(['a' => 1], ''))->getErrorName());
    }

    public function testPayloadConversion(): void
    {
        $this->assertSame(Hs256::sign('{}', 's'), Jwt::sign([], 's'));
        $this->assertSame(Hs256::sign('{"url":"https://x/y","n":"é"}', 's'), Jwt::sign(['url' => 'https://x/y', 'n' => 'é'], 's'));
        // a list is not a JSON object: the core says so
        $this->assertSame('invalid_json', $this->error(fn () => Jwt::sign([1, 2], 's'))->getErrorName());
        // text that json_encode cannot represent
        $e = $this->error(fn () => Jwt::sign(['bad' => "\xff"], 's'));
        $this->assertSame(['invalid_json', Abi::INVALID_JSON], [$e->getErrorName(), $e->getCode()]);
    }

    public function testOptionsReachTheCore(): void
    {
        $t = Jwt::sign(['key' => 'k'], 's', ['algorithm' => 'HS384', 'expiresIn' => 60, 'now' => self::NOW]);
        $this->assertSame(['key' => 'k', 'iat' => self::NOW, 'exp' => self::NOW + 60], Jwt::verify($t, 's', ['now' => self::NOW]));
        $this->assertSame('HS384', Jwt::decodeUnverified($t)['header']['alg']);
        $this->assertSame('unsupported_alg', $this->error(fn () => Jwt::verify($t, 's', ['algorithms' => ['HS256']]))->getErrorName());
        $this->assertSame('unsupported_alg', $this->error(fn () => Jwt::verify($t, 's', ['algorithms' => 'HS256,HS512']))->getErrorName());
        $this->assertSame(['key' => 'k', 'iat' => self::NOW, 'exp' => self::NOW + 60], Jwt::verify($t, 's', ['algorithms' => 'HS256,HS384', 'now' => self::NOW]));
        $this->assertSame('expired', $this->error(fn () => Jwt::verify($t, 's', ['now' => self::NOW + 120, 'leeway' => 0]))->getErrorName());
        $this->assertSame('too_large', $this->error(fn () => Jwt::verify($t, 's', ['maxTokenLen' => 10]))->getErrorName());
        $this->assertSame('too_large', $this->error(fn () => Jwt::sign(['key' => 'k'], 's', ['maxJsonLen' => 5]))->getErrorName());
        // names and ranges are the core's to judge
        $this->assertSame('unsupported_alg', $this->error(fn () => Jwt::sign(['a' => 1], 's', ['algorithm' => 'RS256']))->getErrorName());
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::verify($t, 's', ['algorithms' => []]))->getErrorName());
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::verify($t, 's', ['leeway' => -1]))->getErrorName());
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::sign(['a' => 1], 's', ['expiresIn' => -5]))->getErrorName());
        // null means absent
        $this->assertSame(['a' => 1], Jwt::verify(Jwt::sign(['a' => 1], 's', ['algorithm' => null]), 's', ['now' => null]));
        // many distinct option strings (beyond the cache) stay valid for their call
        for ($i = 0; $i < 100; $i++) {
            $e = $this->error(fn () => Jwt::verify($t, 's', ['algorithms' => "HS384,HX$i"]));
            $this->assertStringContainsString("HX$i", $e->getDetail());
        }
    }

    public function testOptionMistakesAreInvalidArgument(): void
    {
        foreach ([['expires_in' => 5], ['now' => '1700000000'], ['leeway' => 1.5], ['algorithm' => ['HS256']], ['algorithms' => [256]]] as $opts) {
            $e = $this->error(fn () => Jwt::sign(['a' => 1], 's', $opts));
            $this->assertSame(['invalid_argument', 1], [$e->getErrorName(), $e->getCode()], json_encode($opts));
        }
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::signRequest(['a' => 1], 's', 'query'))->getErrorName());
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::verifyRequest('s', null, 'Bearer x', ['prefix' => 5]))->getErrorName());
    }

    public function testCommandRequestRoundTripBothPlacements(): void
    {
        $cmd = ['c' => 'forcesave', 'key' => 'Khirz6zTPdfd7', 'userdata' => 'x'];
        $body = Jwt::signRequest($cmd, 'inbox', Jwt::PLACEMENT_BODY, ['now' => self::NOW]);
        $decoded = json_decode($body, true);
        $this->assertSame(array_keys($cmd + ['token' => 1]), array_keys($decoded));
        $params = Jwt::verifyRequest('inbox', $body, null, ['now' => self::NOW]);
        $this->assertSame($cmd + ['iat' => self::NOW, 'exp' => self::NOW + 300], $params);

        $token = Jwt::signRequest(json_encode($cmd), 'inbox', Jwt::PLACEMENT_HEADER, ['now' => self::NOW, 'expiresIn' => 30]);
        $params = Jwt::verifyRequest('inbox', json_encode($cmd), "Bearer $token", ['now' => self::NOW]);
        $this->assertSame(['payload' => $cmd, 'iat' => self::NOW, 'exp' => self::NOW + 30] + $cmd, $params);
        $this->assertSame('missing_token', $this->error(fn () => Jwt::verifyRequest('inbox', '{"c":"info"}', "Token $token"))->getErrorName());
        $this->assertSame($params, Jwt::verifyRequest('inbox', '', "Token $token", ['prefix' => 'Token ', 'now' => self::NOW]));
        $this->assertSame('bad_signature', $this->error(fn () => Jwt::verifyRequest('outbox', null, "Bearer $token", ['now' => self::NOW]))->getErrorName());
        // integer placements go to the core as they are
        $this->assertSame($token, Jwt::signRequest(json_encode($cmd), 'inbox', Abi::PLACEMENT_HEADER, ['now' => self::NOW, 'expiresIn' => 30]));
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::signRequest($cmd, 'inbox', 7))->getErrorName());
    }

    public function testEditorConfigAndDownload(): void
    {
        $config = ['document' => ['key' => 'k', 'url' => 'https://ex.com/a.docx'], 'editorConfig' => ['mode' => 'edit']];
        $signed = Jwt::signConfig($config, 'browser');
        $this->assertSame($config, Jwt::verify($signed['token'], 'browser'));
        $e = $this->error(fn () => Jwt::signConfig(['document' => ['url' => 'u']], 'browser'));
        $this->assertSame(['invalid_config', 11], [$e->getErrorName(), $e->getCode()]);
        $this->assertStringContainsString('document.key', $e->getDetail());

        $url = 'https://storage.example/dl?fileId=7';
        $dl = Hs256::sign(json_encode(['payload' => ['url' => $url]], JSON_UNESCAPED_SLASHES), 'outbox');
        $this->assertSame(['payload' => ['url' => $url]], Jwt::verifyDownload("Bearer $dl", $url, 'outbox'));
        $this->assertSame('url_mismatch', $this->error(fn () => Jwt::verifyDownload("Bearer $dl", $url . '8', 'outbox'))->getErrorName());
        $this->assertSame('missing_token', $this->error(fn () => Jwt::verifyDownload(null, $url, 'outbox'))->getErrorName());
        $this->assertSame(['payload' => ['url' => $url]], Jwt::verifyDownload("JWT $dl", $url, 'outbox', ['prefix' => 'JWT ']));
    }

    public function testDecodeUnverifiedAndVerifyJson(): void
    {
        $t = Hs256::sign('{"a":{},"b":[],"c":1.50}', 'k');
        $this->assertSame(['header' => ['alg' => 'HS256', 'typ' => 'JWT'], 'claims' => ['a' => [], 'b' => [], 'c' => 1.5]], Jwt::decodeUnverified($t));
        $this->assertSame('{"a":{},"b":[],"c":1.50}', Jwt::verifyJson($t, 'k'));
        $this->assertSame('malformed', $this->error(fn () => Jwt::decodeUnverified('a.b'))->getErrorName());
        $this->assertSame('bad_signature', $this->error(fn () => Jwt::verifyJson($t, 'x'))->getErrorName());
    }

    public function testLoadConfig(): void
    {
        $dir = sys_get_temp_dir() . '/oo-jwt-php-api-' . getmypid();
        @mkdir($dir);
        file_put_contents("$dir/local.json", json_encode(['services' => ['CoAuthoring' => ['token' => ['enable' => ['request' => ['inbox' => true, 'outbox' => true], 'browser' => true]], 'secret' => ['inbox' => ['string' => 'in'], 'outbox' => ['file' => "$dir/out.key"], 'session' => ['string' => 'x']]]]]));
        file_put_contents("$dir/out.key", "file-secret\n");
        try {
            $c = Jwt::loadConfig("$dir/local.json");
            $this->assertSame('in', $c['inbox']['secret']);
            $this->assertSame("file-secret\n", $c['outbox']['secret']);
            $this->assertSame(bin2hex("file-secret\n"), $c['outbox']['secret_hex']);
            $this->assertSame(60, $c['clock_tolerance']);
            $c = Jwt::loadConfig("$dir/local.json", null, ['JWT_SECRET' => 'from-env', 'JWT_ENABLED' => 'false']);
            $this->assertSame(['from-env', false], [$c['outbox']['secret'], $c['inbox']['enabled']]);
            $this->assertSame($c, Jwt::loadConfig("$dir/local.json", null, ['JWT_SECRET' => 'from-env', 'JWT_ENABLED' => 'false']));
            $this->assertSame('in', Jwt::loadConfig("$dir/local.json", null, [])['inbox']['secret']);
            $e = $this->error(fn () => Jwt::loadConfig("$dir/missing.json"));
            $this->assertSame('invalid_config', $e->getErrorName());
            $this->assertStringContainsString('missing.json', $e->getDetail());
        } finally {
            @unlink("$dir/local.json");
            @unlink("$dir/out.key");
            @rmdir($dir);
        }
    }

    public function testVersion(): void
    {
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+/', Jwt::version());
    }
}
