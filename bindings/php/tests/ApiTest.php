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
        $e = $this->error(fn () => Jwt::verify($token, 'secret', now: self::NOW));
        $this->assertInstanceOf(\RuntimeException::class, $e);
        $this->assertSame('expired', $e->getErrorName());
        $this->assertSame(Abi::EXPIRED, $e->getCode());
        $this->assertSame(7, $e->getCode());
        $this->assertNotSame('', $e->getDetail());
        $this->assertSame('expired: ' . $e->getDetail(), $e->getMessage());
        $this->assertStringContainsString('expired', $e->getDetail());
        // leeway moves the boundary; the core judges it
        $this->assertSame(['key' => 'k', 'exp' => self::NOW - 61], Jwt::verify($token, 'secret', now: self::NOW, leeway: 62));
    }

    /** The message comes back through out_error of the failing call itself; each call its own. */
    public function testEachFailureCarriesItsOwnCallsMessage(): void
    {
        $t = Jwt::sign(['a' => 1, 'exp' => self::NOW], 's');
        $sig = $this->error(fn () => Jwt::verify($t, 'other', now: self::NOW));
        $exp = $this->error(fn () => Jwt::verify($t, 's', now: self::NOW + 3600));
        $this->assertSame(['bad_signature', 'expired'], [$sig->getErrorName(), $exp->getErrorName()]);
        $this->assertNotSame($sig->getDetail(), $exp->getDetail());
        $this->assertStringContainsString('signature', $sig->getDetail());
        // the removed thread-local last error is not declared
        $this->assertStringNotContainsString('oo_last_error_message', (string) file_get_contents(\dirname(__DIR__) . '/ffi/oo_jwt.h'));
    }

    /** Every member of the header's OoStatus enum (Abi::STATUSES, generated) has the core's name. */
    public function testEveryStatusNameComesFromTheCore(): void
    {
        $this->assertCount(14, Abi::STATUSES);
        foreach (Abi::STATUSES as $name => $value) {
            $this->assertSame(strtolower($name), Jwt::ffi()->oo_status_name($value));
            $this->assertSame($value, \constant(Abi::class . '::' . $name));
        }
        foreach ([13, 99, 256, -1] as $n) {
            $this->assertSame('unknown', Jwt::ffi()->oo_status_name($n));
        }
        $this->assertSame([1, 2, 4], [Abi::HS256, Abi::HS384, Abi::HS512]);
        $this->assertSame((Abi::ABI_MAJOR << 16) | Abi::ABI_MINOR, Jwt::ffi()->oo_abi_version());
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

    /**
     * PHP strings are bytes and reach the core as they are: text that is not UTF-8 (here the bytes
     * a lone surrogate would have, ED A0 80) gets the contract's error from the core, or
     * invalid_json where json_encode cannot write it; never a PHP warning or a replaced character.
     * A secret is bytes, so such bytes are a secret like any other.
     */
    public function testTextThatIsNotUtf8GetsTheContractError(): void
    {
        $s = "\xED\xA0\x80";
        $t = Jwt::sign([], 'k');
        $cases = [
            'invalid_json' => [
                fn () => Jwt::sign("{\"a\":\"$s\"}", 'k'),
                fn () => Jwt::sign(['a' => $s], 'k'),
                fn () => Jwt::signRequest(['a' => $s], 'k'),
                fn () => Jwt::verifyRequest("{\"token\":\"$s\"}", null, 'k'),
                fn () => Jwt::signConfig("{\"document\":\"$s\"}", 'k'),
                fn () => Jwt::loadConfig('/nonexistent/local.json', null, ['JWT_SECRET' => $s]),
            ],
            'malformed' => [
                fn () => Jwt::verify($s . $t, 'k'),
                fn () => Jwt::decodeUnverified($s),
                fn () => Jwt::verifyDownload("Bearer $s", 'https://h/', 'k'),
            ],
            'invalid_argument' => [
                fn () => Jwt::loadConfig("/nonexistent/$s/local.json"),
            ],
        ];
        foreach ($cases as $code => $calls) {
            foreach ($calls as $i => $call) {
                $e = $this->error($call);
                $this->assertSame($code, $e->getErrorName(), "$code #$i: " . $e->getMessage());
            }
        }
        // A URL or a prefix that is not UTF-8: a contract error too.
        foreach ([
            fn () => Jwt::verifyDownload("Bearer $t", "https://h/$s", 'k'),
            fn () => Jwt::verifyRequest(null, "Bearer $t", 'k', prefix: $s),
        ] as $call) {
            $this->assertNotSame('', $this->error($call)->getErrorName());
        }
        $this->assertSame([], Jwt::verify(Jwt::sign([], $s), $s));
        $this->assertSame('bad_signature', $this->error(fn () => Jwt::verify(Jwt::sign([], $s), "\u{FFFD}"))->getErrorName());
    }

    public function testOptionsReachTheCore(): void
    {
        $t = Jwt::sign(['key' => 'k'], 's', algorithm: Abi::HS384, expiresIn: 60, now: self::NOW);
        $this->assertSame(['key' => 'k', 'iat' => self::NOW, 'exp' => self::NOW + 60], Jwt::verify($t, 's', now: self::NOW));
        $this->assertSame('HS384', Jwt::decodeUnverified($t)['header']['alg']);
        $this->assertSame('unsupported_alg', $this->error(fn () => Jwt::verify($t, 's', algorithms: [Abi::HS256]))->getErrorName());
        $this->assertSame('unsupported_alg', $this->error(fn () => Jwt::verify($t, 's', algorithms: [Abi::HS256, Abi::HS512]))->getErrorName());
        $this->assertSame(['key' => 'k', 'iat' => self::NOW, 'exp' => self::NOW + 60], Jwt::verify($t, 's', algorithms: [Abi::HS256, Abi::HS384], now: self::NOW));
        $this->assertSame('expired', $this->error(fn () => Jwt::verify($t, 's', now: self::NOW + 120, leeway: 0))->getErrorName());
        $this->assertSame('too_large', $this->error(fn () => Jwt::verify($t, 's', maxTokenLength: 10))->getErrorName());
        $this->assertSame('too_large', $this->error(fn () => Jwt::decodeUnverified($t, maxTokenLength: 10))->getErrorName());
        $this->assertSame('too_large', $this->error(fn () => Jwt::sign(['key' => 'k'], 's', maxJsonLength: 5))->getErrorName());
        // bits and ranges are the core's to judge
        $this->assertSame('unsupported_alg', $this->error(fn () => Jwt::sign(['a' => 1], 's', algorithm: Abi::HS256 | Abi::HS384))->getErrorName());
        $this->assertSame('unsupported_alg', $this->error(fn () => Jwt::sign(['a' => 1], 's', algorithm: 0x80000000))->getErrorName());
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::verify($t, 's', algorithms: [Abi::HS384, 8]))->getErrorName());
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::verify($t, 's', leeway: -1))->getErrorName());
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::sign(['a' => 1], 's', expiresIn: -5))->getErrorName());
        // an empty allow-list cannot have no bit set (the ABI's "not given"): the core refuses it
        $e = $this->error(fn () => Jwt::verify($t, 's', algorithms: []));
        $this->assertSame(['invalid_argument', 1], [$e->getErrorName(), $e->getCode()]);
    }

    /** Null is "not given": the core's own default applies (the wrapper restates none). */
    public function testNullIsNotGiven(): void
    {
        $this->assertSame(Jwt::sign(['a' => 1], 's'), Jwt::sign(['a' => 1], 's', algorithm: null, expiresIn: null, now: null, maxJsonLength: null));
        $t = Jwt::sign(['a' => 1, 'exp' => self::NOW], 's');
        // the real clock (long past NOW), whatever the default leeway
        $this->assertSame('expired', $this->error(fn () => Jwt::verify($t, 's', algorithms: null, leeway: null, now: null))->getErrorName());
        // the core's default prefix, placement and allow-list
        $header = Jwt::signRequest(['a' => 1], 's', Jwt::PLACEMENT_HEADER, now: self::NOW);
        $this->assertSame(1, Jwt::verifyRequest(null, "Bearer $header", 's', prefix: null, now: self::NOW)['a']);
        // the block a call writes holds every field, so nothing of an earlier call's options remains
        Jwt::verify(Jwt::sign(['a' => 1], 's', algorithm: Abi::HS512, expiresIn: 9, now: self::NOW), 's', algorithms: [Abi::HS512], leeway: 5, now: self::NOW);
        $this->assertSame('HS256', Jwt::decodeUnverified(Jwt::sign(['a' => 1], 's', maxJsonLength: 100))['header']['alg']);
        $this->assertSame(['a' => 1], Jwt::decodeUnverified(Jwt::sign(['a' => 1], 's', maxJsonLength: 100))['claims']);
    }

    /** PHP's own errors for PHP mistakes: an unknown name, a value of the wrong type. */
    public function testArgumentMistakesArePhpErrors(): void
    {
        foreach ([
            fn () => Jwt::sign(['a' => 1], 's', expires_in: 5),
            fn () => Jwt::sign(['a' => 1], 's', now: '1700000000'),
            fn () => Jwt::sign(['a' => 1], 's', algorithm: 'HS256'),
            fn () => Jwt::verify('a.b.c', 's', algorithms: ['HS256']),
            fn () => Jwt::verify('a.b.c', 's', algorithms: [1.5]),
            fn () => Jwt::verifyRequest(null, 'Bearer x', 's', prefix: 5),
        ] as $i => $call) {
            try {
                $call();
                $this->fail("call $i: no error");
            } catch (\Error $e) {
                $this->assertNotInstanceOf(JwtException::class, $e, "call $i");
            }
        }
        $this->assertInstanceOf(\ValueError::class, $this->thrown(fn () => Jwt::verify('a.b.c', 's', maxTokenLength: -1)));
        $this->assertInstanceOf(\ValueError::class, $this->thrown(fn () => Jwt::sign([], 's', algorithm: 1 << 32)));
        $this->assertInstanceOf(\ValueError::class, $this->thrown(fn () => Jwt::sign([], 's', algorithm: -1)));
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::signRequest(['a' => 1], 's', 'query'))->getErrorName());
    }

    private function thrown(callable $fn): \Throwable
    {
        try {
            $fn();
        } catch (\Throwable $e) {
            return $e;
        }
        $this->fail('nothing thrown');
    }

    public function testCommandRequestRoundTripBothPlacements(): void
    {
        $cmd = ['c' => 'forcesave', 'key' => 'Khirz6zTPdfd7', 'userdata' => 'x'];
        $body = Jwt::signRequest($cmd, 'inbox', Jwt::PLACEMENT_BODY, now: self::NOW);
        $decoded = json_decode($body, true);
        $this->assertSame(array_keys($cmd + ['token' => 1]), array_keys($decoded));
        $params = Jwt::verifyRequest($body, null, 'inbox', now: self::NOW);
        $this->assertSame($cmd + ['iat' => self::NOW, 'exp' => self::NOW + 300], $params);

        $token = Jwt::signRequest(json_encode($cmd), 'inbox', Jwt::PLACEMENT_HEADER, now: self::NOW, expiresIn: 30);
        $params = Jwt::verifyRequest(json_encode($cmd), "Bearer $token", 'inbox', now: self::NOW);
        $this->assertSame(['payload' => $cmd, 'iat' => self::NOW, 'exp' => self::NOW + 30] + $cmd, $params);
        $this->assertSame('missing_token', $this->error(fn () => Jwt::verifyRequest('{"c":"info"}', "Token $token", 'inbox'))->getErrorName());
        $this->assertSame($params, Jwt::verifyRequest('', "Token $token", 'inbox', prefix: 'Token ', now: self::NOW));
        $this->assertSame('missing_token', $this->error(fn () => Jwt::verifyRequest(null, $token, 'inbox', now: self::NOW))->getErrorName());
        $this->assertSame($params, Jwt::verifyRequest(null, $token, 'inbox', prefix: '', now: self::NOW), 'an empty prefix is not the default one');
        $this->assertSame('bad_signature', $this->error(fn () => Jwt::verifyRequest(null, "Bearer $token", 'outbox', now: self::NOW))->getErrorName());
        // integer placements go to the core as they are
        $this->assertSame($token, Jwt::signRequest(json_encode($cmd), 'inbox', Abi::PLACEMENT_HEADER, now: self::NOW, expiresIn: 30));
        $this->assertSame('invalid_argument', $this->error(fn () => Jwt::signRequest($cmd, 'inbox', 7))->getErrorName());
    }

    public function testEditorMethod(): void
    {
        $params = ['c' => 'add', 'images' => [['fileType' => 'png', 'url' => 'https://ex.com/1.png']]];
        $signed = Jwt::signEditorMethod('insertImage', $params, 'browser');
        $token = $signed['token'];
        unset($signed['token']);
        $this->assertSame($params, $signed);
        $this->assertSame($params, Jwt::verify($token, 'browser'));
        $this->assertSame('bad_signature', $this->error(fn () => Jwt::verify($token, 'other'))->getErrorName());
        $e = $this->error(fn () => Jwt::signEditorMethod('setHistoryData', ['key' => 'k', 'version' => 1], 'browser'));
        $this->assertSame(['invalid_config', 11], [$e->getErrorName(), $e->getCode()]);
        $this->assertStringContainsString('setHistoryData: url', $e->getDetail());
        $this->assertSame('invalid_config', $this->error(fn () => Jwt::signEditorMethod('refreshFile', [], 'browser'))->getErrorName());
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
        $this->assertSame(['payload' => ['url' => $url]], Jwt::verifyDownload("JWT $dl", $url, 'outbox', prefix: 'JWT '));
        $proxied = 'http://backend:8080/dl?fileId=7';
        $this->assertSame('url_mismatch', $this->error(fn () => Jwt::verifyDownload("Bearer $dl", $proxied, 'outbox'))->getErrorName());
        $this->assertSame(['payload' => ['url' => $url]], Jwt::verifyDownload("Bearer $dl", $proxied, 'outbox', pathAndQueryOnly: true));
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
        file_put_contents("$dir/local.json", json_encode(['services' => ['CoAuthoring' => ['token' => ['enable' => ['request' => ['inbox' => true, 'outbox' => true], 'browser' => true]], 'secret' => ['inbox' => ['string' => 'in'], 'outbox' => ['string' => '', 'file' => "$dir/out.key"], 'session' => ['string' => 'x']]]]]));
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
            // Docker with no JWT_SECRET: the image generates a random secret, which cannot be known here.
            $this->assertSame('invalid_config', $this->error(fn () => Jwt::loadConfig("$dir/local.json", null, []))->getErrorName());
            file_put_contents("$dir/local.json", json_encode(['services' => ['CoAuthoring' => ['secret' => ['outbox' => ['string' => 'out-secret']], 'token' => ['outbox' => ['prefix' => 'Token '], 'verifyOptions' => ['clockTolerance' => 5]]]]]));
            $settings = Jwt::loadConfig("$dir/local.json");
            $now = 1700000000;
            $token = Jwt::signRequest(['key' => 'k', 'status' => 2], 'out-secret', Jwt::PLACEMENT_HEADER, now: $now);
            $this->assertSame(2, Jwt::verifyRequestWithConfig(null, "Token $token", $settings, 'outbox', now: $now)['status']);
            // The settings' 5 s tolerance applies (not the default 60), also from the JSON text.
            $this->assertSame('expired', $this->error(fn () => Jwt::verifyRequestWithConfig(null, "Token $token", json_encode($settings), 'outbox', now: $now + 305))->getErrorName());
            $this->assertSame('bad_signature', $this->error(fn () => Jwt::verifyRequestWithConfig(null, "Bearer $token", $settings, 'inbox', now: $now))->getErrorName());
            $this->assertSame('invalid_argument', $this->error(fn () => Jwt::verifyRequestWithConfig(null, "Token $token", $settings, 'sideways'))->getErrorName());
            $e = $this->error(fn () => Jwt::loadConfig("$dir/missing.json"));
            $this->assertSame('invalid_config', $e->getErrorName());
            $this->assertStringContainsString('missing.json', $e->getDetail());
        } finally {
            @unlink("$dir/local.json");
            @unlink("$dir/out.key");
            @rmdir($dir);
        }
    }

    public function testVerifyDownloadWithConfigAndDownloadTokenExpected(): void
    {
        $dir = sys_get_temp_dir() . '/oo-jwt-php-dl-' . getmypid();
        @mkdir($dir);
        try {
            file_put_contents("$dir/local.json", json_encode(['services' => ['CoAuthoring' => [
                'secret' => ['outbox' => ['string' => 'out-secret']],
                'token' => ['enable' => ['request' => ['outbox' => true]],
                    'outbox' => ['prefix' => 'Token ', 'urlExclusionRegex' => '/public/'],
                    'verifyOptions' => ['clockTolerance' => 5]]]]]));
            $settings = Jwt::loadConfig("$dir/local.json");
            $now = 1700000000;
            $url = 'https://storage.example/files/a.docx';
            $token = Jwt::sign(['payload' => ['url' => $url]], 'out-secret', now: $now, expiresIn: 300);
            $this->assertSame($url, Jwt::verifyDownloadWithConfig("Token $token", $url, $settings, now: $now)['payload']['url']);
            // The settings' 5 s tolerance applies (not the default 60), also from the JSON text.
            $this->assertSame('expired', $this->error(fn () => Jwt::verifyDownloadWithConfig("Token $token", $url, json_encode($settings), now: $now + 306))->getErrorName());
            $proxied = 'http://backend:8080/files/a.docx';
            $this->assertSame('url_mismatch', $this->error(fn () => Jwt::verifyDownloadWithConfig("Token $token", $proxied, $settings, now: $now))->getErrorName());
            $this->assertSame($url, Jwt::verifyDownloadWithConfig("Token $token", $proxied, $settings, pathAndQueryOnly: true, now: $now)['payload']['url']);
            $this->assertSame('missing_token', $this->error(fn () => Jwt::verifyDownloadWithConfig("Bearer $token", $url, $settings, now: $now))->getErrorName());
            $excluded = 'https://storage.example/public/a.docx';
            $this->assertSame('missing_token', $this->error(fn () => Jwt::verifyDownloadWithConfig(null, $excluded, $settings))->getErrorName());
            $this->assertTrue(Jwt::downloadTokenExpected($url, $settings));
            $this->assertFalse(Jwt::downloadTokenExpected($excluded, json_encode($settings)));
            $this->assertSame('invalid_config', $this->error(fn () => Jwt::downloadTokenExpected($url, '{}'))->getErrorName());
        } finally {
            @unlink("$dir/local.json");
            @rmdir($dir);
        }
    }

    public function testVersion(): void
    {
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+/', Jwt::version());
    }
}
