<?php

declare(strict_types=1);

namespace OoJwt\Tests;

/**
 * A plain JWT implementation with hash_hmac, for interop checks only (the library under test has no
 * JWT logic in PHP; this is the independent reference it is checked against).
 */
final class Hs256
{
    private const HASH = ['HS256' => 'sha256', 'HS384' => 'sha384', 'HS512' => 'sha512'];

    public static function b64url(string $bytes): string
    {
        return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
    }

    public static function unb64url(string $text): string
    {
        $bytes = base64_decode(strtr($text, '-_', '+/'), true);
        if ($bytes === false) {
            throw new \UnexpectedValueException("bad base64url: $text");
        }
        return $bytes;
    }

    /** Signs the exact claims JSON text with the header Docs' signer writes. */
    public static function sign(string $claimsJson, string $secret, string $alg = 'HS256'): string
    {
        $input = self::b64url('{"alg":"' . $alg . '","typ":"JWT"}') . '.' . self::b64url($claimsJson);
        return $input . '.' . self::b64url(hash_hmac(self::HASH[$alg], $input, $secret, true));
    }

    /** Checks the signature by hand; returns [header, claims] as decoded arrays, or null if it fails. */
    public static function verify(string $token, string $secret): ?array
    {
        $parts = explode('.', $token);
        if (\count($parts) !== 3) {
            return null;
        }
        $header = json_decode(self::unb64url($parts[0]), true, 512, JSON_THROW_ON_ERROR);
        $hash = self::HASH[$header['alg'] ?? ''] ?? null;
        if ($hash === null) {
            return null;
        }
        $mac = hash_hmac($hash, $parts[0] . '.' . $parts[1], $secret, true);
        if (!hash_equals($mac, self::unb64url($parts[2]))) {
            return null;
        }
        return [$header, json_decode(self::unb64url($parts[1]), true, 512, JSON_THROW_ON_ERROR)];
    }
}
