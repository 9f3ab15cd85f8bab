<?php

declare(strict_types=1);

namespace OoJwt\Tests;

use OoJwt\Abi;
use OoJwt\Jwt;
use OoJwt\JwtException;
use PHPUnit\Framework\TestCase;

/** OoJwt\Jwt against a plain hash_hmac HS256/384/512 implementation (Hs256), both directions. */
final class InteropTest extends TestCase
{
    private const FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS;

    public function testCallbackSignedByHandVerifies(): void
    {
        $claims = ['key' => 'Khirz6zTPdfd7', 'status' => 2, 'url' => 'https://example.com/file.docx', 'users' => ['u1']];
        $token = Hs256::sign(json_encode(['payload' => $claims], self::FLAGS), 'outbox secret');
        $this->assertSame(['payload' => $claims], Jwt::verify($token, 'outbox secret', now: 1700000000));
        $this->assertSame(['payload' => $claims] + $claims, Jwt::verifyRequest(null, "Bearer $token", 'outbox secret', now: 1700000000));
    }

    public function testSameBytesAsTheHandSignerForEveryAlgorithm(): void
    {
        $json = '{"document":{"key":"k1","url":"https://ex.com/a b.docx"},"editorConfig":{"lang":"fr","user":{"name":"Zoë 🦊"}}}';
        foreach (['HS256', 'HS384', 'HS512'] as $alg) {
            $token = Jwt::sign($json, 's3cret', algorithm: \constant(Abi::class . '::' . $alg));
            $this->assertSame(Hs256::sign($json, 's3cret', $alg), $token, $alg);
            [$header, $claims] = Hs256::verify($token, 's3cret') ?? [null, null];
            $this->assertSame(['alg' => $alg, 'typ' => 'JWT'], $header);
            $this->assertSame(json_decode($json, true), $claims);
        }
    }

    public function testRandomPayloadsBothWays(): void
    {
        mt_srand(20261122);
        for ($i = 0; $i < 300; $i++) {
            $payload = self::randomObject(3);
            $secret = random_bytes(mt_rand(1, 64)); // any bytes, NULs included
            $json = json_encode($payload, self::FLAGS | JSON_THROW_ON_ERROR);
            $ours = Jwt::sign($payload, $secret);
            $this->assertSame(Hs256::sign($json, $secret), $ours, "payload $json");
            $this->assertSame($payload, Hs256::verify($ours, $secret)[1]);
            $this->assertSame($payload, Jwt::verify(Hs256::sign($json, $secret), $secret));
        }
    }

    public function testExpiresInAddsIatAndExpThatTheHandVerifierSees(): void
    {
        $token = Jwt::sign(['key' => 'k'], 'secret', expiresIn: 300, now: 1700000000);
        $this->assertSame(['key' => 'k', 'iat' => 1700000000, 'exp' => 1700000300], Hs256::verify($token, 'secret')[1]);
        $header = Jwt::signRequest(['c' => 'info', 'key' => 'k'], 'secret', Jwt::PLACEMENT_HEADER, now: 1700000000);
        $this->assertSame(['payload' => ['c' => 'info', 'key' => 'k'], 'iat' => 1700000000, 'exp' => 1700000300], Hs256::verify($header, 'secret')[1]);
    }

    public function testTamperedHandTokenIsRejected(): void
    {
        $token = Hs256::sign('{"key":"k","status":2}', 'secret');
        [$h, $c, $s] = explode('.', $token);
        $forged = $h . '.' . Hs256::b64url('{"key":"k","status":6}') . '.' . $s;
        $this->assertNotNull(Hs256::verify($token, 'secret'));
        $this->assertNull(Hs256::verify($forged, 'secret'));
        try {
            Jwt::verify($forged, 'secret');
            $this->fail('forged token verified');
        } catch (JwtException $e) {
            $this->assertSame('bad_signature', $e->getErrorName());
        }
        try {
            Jwt::verify($token, 'Secret');
            $this->fail('wrong secret verified');
        } catch (JwtException $e) {
            $this->assertSame('bad_signature', $e->getErrorName());
        }
    }

    public function testSignConfigTokenIsOverTheWholeConfig(): void
    {
        $config = ['document' => ['fileType' => 'docx', 'key' => 'k', 'title' => 'a.docx', 'url' => 'https://ex.com/a.docx'],
                   'documentType' => 'word', 'editorConfig' => ['callbackUrl' => 'https://ex.com/cb']];
        $signed = Jwt::signConfig($config, 'browser');
        $token = $signed['token'];
        unset($signed['token']);
        $this->assertSame($config, $signed);
        $this->assertSame(Hs256::sign(json_encode($config, self::FLAGS), 'browser'), $token);
    }

    private static function randomObject(int $depth): array
    {
        $o = [];
        for ($n = mt_rand(0, 5), $i = 0; $i < $n; $i++) {
            $o['k' . $i . self::randomString(3)] = self::randomValue($depth - 1);
        }
        return $o === [] ? ['empty' => false] : $o;
    }

    private static function randomValue(int $depth): mixed
    {
        switch (mt_rand(0, $depth > 0 ? 6 : 4)) {
            case 0: return mt_rand(-1000000, 1000000) * mt_rand(1, 1000000);
            case 1: return self::randomString(mt_rand(0, 40));
            case 2: return (bool) mt_rand(0, 1);
            case 3: return null;
            case 4: return mt_rand(0, 1000) / 8; // exact binary fractions: 12.625
            case 5: return [self::randomValue($depth - 1), self::randomValue($depth - 1)];
            default: return self::randomObject($depth);
        }
    }

    private static function randomString(int $len): string
    {
        $pool = ['a', 'Z', '0', ' ', '"', '\\', '/', "\n", "\t", "\x01", "\x1f", 'é', 'ж', '中', '🦊', "\u{2028}", '<', '&', "'"];
        $s = '';
        for ($i = 0; $i < $len; $i++) {
            $s .= $pool[mt_rand(0, \count($pool) - 1)];
        }
        return $s;
    }
}
