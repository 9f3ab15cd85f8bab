<?php
// Benchmark: OoJwt\Jwt against the way firebase/php-jwt signs and verifies HS256 (Debian has no
// php-firebase-php-jwt package, so FirebaseStyle below is its JWT::encode/JWT::decode path for
// HS256, line for line: json_encode + base64url + hash_hmac, hash_equals, nbf/iat/exp checks).
// One run, same payload, same machine; prints ns/op and the ratio (firebase way / oo-jwt).
// Usage: php bench/bench.php [ITERATIONS]
// OO_JWT_BENCH_JSON=<file> also writes the sign/verify figures there as JSON (for benches/report.py).

declare(strict_types=1);

require dirname(__DIR__) . '/tests/bootstrap.php';

use OoJwt\Jwt;

final class FirebaseStyle
{
    public static int $leeway = 0;
    public static ?int $timestamp = null;
    public static array $supported_algs = [
        'HS256' => ['hash_hmac', 'SHA256'],
        'HS384' => ['hash_hmac', 'SHA384'],
        'HS512' => ['hash_hmac', 'SHA512'],
    ];

    public static function encode(array $payload, string $key, string $alg = 'HS256'): string
    {
        $header = ['typ' => 'JWT', 'alg' => $alg];
        $segments = [];
        $segments[] = static::urlsafeB64Encode((string) static::jsonEncode($header));
        $segments[] = static::urlsafeB64Encode((string) static::jsonEncode($payload));
        $signing_input = \implode('.', $segments);
        $signature = static::sign($signing_input, $key, $alg);
        $segments[] = static::urlsafeB64Encode($signature);
        return \implode('.', $segments);
    }

    public static function decode(string $jwt, string $key, string $keyAlg = 'HS256'): stdClass
    {
        $timestamp = \is_null(static::$timestamp) ? \time() : static::$timestamp;
        if (empty($key)) {
            throw new InvalidArgumentException('Key may not be empty');
        }
        $tks = \explode('.', $jwt);
        if (\count($tks) !== 3) {
            throw new UnexpectedValueException('Wrong number of segments');
        }
        list($headb64, $bodyb64, $cryptob64) = $tks;
        $headerRaw = static::urlsafeB64Decode($headb64);
        if (null === ($header = static::jsonDecode($headerRaw))) {
            throw new UnexpectedValueException('Invalid header encoding');
        }
        $payloadRaw = static::urlsafeB64Decode($bodyb64);
        if (null === ($payload = static::jsonDecode($payloadRaw))) {
            throw new UnexpectedValueException('Invalid claims encoding');
        }
        if (\is_array($payload)) {
            $payload = (object) $payload;
        }
        if (!$payload instanceof stdClass) {
            throw new UnexpectedValueException('Payload must be a JSON object');
        }
        $sig = static::urlsafeB64Decode($cryptob64);
        if (empty($header->alg)) {
            throw new UnexpectedValueException('Empty algorithm');
        }
        if (empty(static::$supported_algs[$header->alg])) {
            throw new UnexpectedValueException('Algorithm not supported');
        }
        if (!\hash_equals($keyAlg, $header->alg)) {
            throw new UnexpectedValueException('Incorrect key for this algorithm');
        }
        if (!self::verify("{$headb64}.{$bodyb64}", $sig, $key, $header->alg)) {
            throw new UnexpectedValueException('Signature verification failed');
        }
        if (isset($payload->nbf) && floor($payload->nbf) > ($timestamp + static::$leeway)) {
            throw new UnexpectedValueException('Cannot handle token prior to nbf');
        }
        if (!isset($payload->nbf) && isset($payload->iat) && floor($payload->iat) > ($timestamp + static::$leeway)) {
            throw new UnexpectedValueException('Cannot handle token prior to iat');
        }
        if (isset($payload->exp) && ($timestamp - static::$leeway) >= $payload->exp) {
            throw new UnexpectedValueException('Expired token');
        }
        return $payload;
    }

    public static function sign(string $msg, string $key, string $alg): string
    {
        if (empty(static::$supported_algs[$alg])) {
            throw new DomainException('Algorithm not supported');
        }
        list($function, $algorithm) = static::$supported_algs[$alg];
        return \hash_hmac($algorithm, $msg, $key, true);
    }

    private static function verify(string $msg, string $signature, string $key, string $alg): bool
    {
        list($function, $algorithm) = static::$supported_algs[$alg];
        $hash = \hash_hmac($algorithm, $msg, $key, true);
        return \hash_equals($hash, $signature);
    }

    public static function jsonDecode(string $input): mixed
    {
        $obj = \json_decode($input, false, 512, JSON_BIGINT_AS_STRING);
        if ($errno = \json_last_error()) {
            throw new DomainException(json_last_error_msg());
        } elseif ($obj === null && $input !== 'null') {
            throw new DomainException('Null result with non-null input');
        }
        return $obj;
    }

    public static function jsonEncode(array $input): string
    {
        $json = \json_encode($input, \JSON_UNESCAPED_SLASHES);
        if ($errno = \json_last_error()) {
            throw new DomainException(json_last_error_msg());
        } elseif ($json === 'null') {
            throw new DomainException('Null result with non-null input');
        }
        if ($json === false) {
            throw new DomainException('Provided object could not be encoded to valid JSON');
        }
        return $json;
    }

    public static function urlsafeB64Decode(string $input): string
    {
        $remainder = \strlen($input) % 4;
        if ($remainder) {
            $input .= \str_repeat('=', 4 - $remainder);
        }
        return \base64_decode(\strtr($input, '-_', '+/'));
    }

    public static function urlsafeB64Encode(string $input): string
    {
        return \str_replace('=', '', \strtr(\base64_encode($input), '+/', '-_'));
    }
}

$n = (int) ($argv[1] ?? 0) ?: 200000;
$secret = 'outbox-secret-4f9c2a7e1b6d8e3f';
// A status-2 callback from Docs, ~300 bytes of JSON.
$payload = [
    'key' => 'Khirz6zTPdfd7',
    'status' => 2,
    'url' => 'https://documentserver/cache/files/data/Khirz6zTPdfd7_4321/output.docx',
    'history' => ['serverVersion' => '8.2.0', 'changes' => [['created' => '2026-11-22 08:00:00', 'user' => ['id' => '78e1e841', 'name' => 'Smith']]]],
    'users' => ['78e1e841'],
    'actions' => [['type' => 0, 'userid' => '78e1e841']],
    'filetype' => 'docx',
];
$json = json_encode($payload, JSON_UNESCAPED_SLASHES);
$token = Jwt::sign($payload, $secret);
if (FirebaseStyle::encode($payload, $secret) === '' || json_decode(json_encode(FirebaseStyle::decode($token, $secret)), true) !== Jwt::verify($token, $secret) || Jwt::verify(FirebaseStyle::encode($payload, $secret), $secret) !== $payload) {
    fwrite(STDERR, "bench: the two ways disagree\n");
    exit(1);
}

/** CPU time of this process (user + system) in ns: a busy shared machine inflates it far less than wall time. */
function cpu(): float
{
    $r = getrusage();
    return ($r['ru_utime.tv_sec'] + $r['ru_stime.tv_sec']) * 1e9 + ($r['ru_utime.tv_usec'] + $r['ru_stime.tv_usec']) * 1e3;
}

/**
 * CPU ns/op of `a` and `b`, measured in alternating rounds (so that a busy machine slows both
 * alike); the best round of each counts.
 */
function pair(int $n, callable $a, callable $b, int $rounds = 15): array
{
    $best = [INF, INF];
    for ($i = 0; $i < min(20000, $n); $i++) {
        $a();
        $b();
    }
    $per = max(1, intdiv($n, $rounds));
    for ($round = 0; $round < $rounds; $round++) {
        foreach ([$a, $b] as $k => $fn) {
            $t = cpu();
            for ($i = 0; $i < $per; $i++) {
                $fn();
            }
            $best[$k] = min($best[$k], (cpu() - $t) / $per);
        }
    }
    return $best;
}

$rows = [
    ['sign (PHP array payload)', ...pair($n,
        static fn () => Jwt::sign($payload, $secret),
        static fn () => FirebaseStyle::encode($payload, $secret))],
    ['sign (JSON text payload)', ...pair($n,
        static fn () => Jwt::sign($json, $secret),
        static fn () => FirebaseStyle::encode(json_decode($json, true), $secret))],
    ['verify (claims as array)', ...pair($n,
        static fn () => Jwt::verify($token, $secret),
        static fn () => FirebaseStyle::decode($token, $secret))],
    ['verifyJson (claims text)', ...pair($n,
        static fn () => Jwt::verifyJson($token, $secret),
        static fn () => FirebaseStyle::decode($token, $secret))],
];
printf("oo-jwt %s, PHP %s, %d iterations each (best of 15 alternating rounds), payload %d bytes, token %d bytes\n", Jwt::version(), PHP_VERSION, $n, strlen($json), strlen($token));
printf("%-26s %14s %22s %8s\n", 'operation (CPU time)', 'oo-jwt ns/op', 'firebase-way ns/op', 'ratio');
foreach ($rows as [$name, $oo, $fb]) {
    printf("%-26s %14.0f %22.0f %7.2fx\n", $name, $oo, $fb, $fb / $oo);
}
if (($jsonOut = getenv('OO_JWT_BENCH_JSON')) !== false && $jsonOut !== '') {
    $ops = ['sign', 'sign (JSON text in)', 'verify', 'verify (claims JSON text out)'];
    $out = [];
    foreach ($rows as $i => [$name, $oo, $fb]) {
        $out[] = ['op' => $ops[$i], 'ns_per_op' => $oo, 'peer_ns_per_op' => $fb, 'ratio' => $fb / $oo];
    }
    file_put_contents($jsonOut, json_encode(['language' => 'PHP', 'peer' => 'firebase/php-jwt (its HS256 path, inlined)',
        'payload_bytes' => strlen($json), 'measure' => "CPU time, best of 15 alternating rounds, $n iterations each",
        'runtime' => 'PHP ' . PHP_VERSION, 'rows' => $out], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
}

// The FFI floor, in the same process and the same way (CPU time, best of alternating rounds): the
// bare round trip (oo_abi_version then oo_free(NULL)), the C call alone through the FFI instances
// the wrapper uses (arguments prepared beforehand, the result copied and freed), and PHP's own JSON
// step the wrapper adds (json_encode of the payload, json_decode of the claims).
$base = Jwt::ffi();
$fs = Jwt::fn('oo_sign');
$fv = Jwt::fn('oo_verify');
$out = $base->new('char*');
$outp = FFI::addr($out);
$claimsJson = Jwt::verifyJson($token, $secret);
[$roundTrip] = pair($n, static function () use ($base) {
    $base->oo_abi_version();
    $base->oo_free(null);
}, static fn () => null);
[$rawSign, $rawVerify] = pair($n, static function () use ($fs, $base, $json, $secret, $out, $outp) {
    $fs->oo_sign($json, strlen($json), $secret, strlen($secret), null, $outp, null);
    FFI::string($out);
    $base->oo_free($out);
}, static function () use ($fv, $base, $token, $secret, $out, $outp) {
    $fv->oo_verify($token, strlen($token), $secret, strlen($secret), null, $outp, null);
    FFI::string($out);
    $base->oo_free($out);
});
// The C call and the JSON step in one closure, as the wrapper does them (the two apart add up to less:
// json_encode's string made and freed in a loop of its own is reused from the allocator's cache).
[$signWithJson, $verifyWithJson] = pair($n, static function () use ($fs, $base, $payload, $secret, $out, $outp) {
    $json = json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS);
    $fs->oo_sign($json, strlen($json), $secret, strlen($secret), null, $outp, null);
    FFI::string($out);
    $base->oo_free($out);
}, static function () use ($fv, $base, $token, $secret, $out, $outp) {
    $fv->oo_verify($token, strlen($token), $secret, strlen($secret), null, $outp, null);
    $claims = FFI::string($out);
    $base->oo_free($out);
    json_decode($claims, true, 512, JSON_THROW_ON_ERROR);
});
[$enc, $dec] = pair($n, static fn () => json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS),
    static fn () => json_decode($claimsJson, true, 512, JSON_THROW_ON_ERROR));
$floor = [
    'method' => 'CPU time per op, best of 15 alternating rounds in the bench process: round_trip_ns is oo_abi_version() then oo_free(NULL)'
        . ' through PHP FFI; call_ns is oo_sign/oo_verify called through the FFI instances the wrapper uses on arguments prepared'
        . ' beforehand (payload JSON text, no options), the result copied with FFI::string and freed; json_ns is json_encode of'
        . ' the payload / json_decode of the claims text with the wrapper\'s flags; call_and_json_ns is both in one closure;'
        . ' wrapper_ns is the sign / verify row',
    'round_trip_ns' => $roundTrip,
    'sign' => ['wrapper_ns' => $rows[0][1], 'call_ns' => $rawSign, 'json_ns' => $enc, 'call_and_json_ns' => $signWithJson],
    'verify' => ['wrapper_ns' => $rows[2][1], 'call_ns' => $rawVerify, 'json_ns' => $dec, 'call_and_json_ns' => $verifyWithJson],
];
foreach (['sign', 'verify'] as $op) {
    $fl = $floor[$op]['call_ns'] + $floor[$op]['json_ns'];
    printf("floor %-6s: wrapper %.0f ns, floor %.0f ns (C call via FFI %.0f + %s %.0f), overhead %.0f ns = %.0f%% of the floor"
        . " (both in one closure: %.0f ns, overhead %.0f%%); FFI round trip %.0f ns\n",
        $op, $floor[$op]['wrapper_ns'], $fl, $floor[$op]['call_ns'], $op === 'sign' ? 'json_encode' : 'json_decode', $floor[$op]['json_ns'],
        $floor[$op]['wrapper_ns'] - $fl, 100 * ($floor[$op]['wrapper_ns'] - $fl) / $fl, $floor[$op]['call_and_json_ns'],
        100 * ($floor[$op]['wrapper_ns'] - $floor[$op]['call_and_json_ns']) / $floor[$op]['call_and_json_ns'], $roundTrip);
}
if ($jsonOut !== false && $jsonOut !== '') {
    $doc = json_decode((string) file_get_contents($jsonOut), true);
    $doc['floor'] = $floor;
    file_put_contents($jsonOut, json_encode($doc, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
}
