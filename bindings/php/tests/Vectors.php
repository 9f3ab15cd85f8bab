<?php

declare(strict_types=1);

namespace OoJwt\Tests;

use OoJwt\Abi;
use OoJwt\Jwt;
use OoJwt\JwtException;

/** The shared vectors (docs/vectors.md): reading them, running a case through OoJwt\Jwt, comparing. */
final class Vectors
{
    public static function dir(): string
    {
        $dir = getenv('OO_JWT_VECTORS');
        return \is_string($dir) && $dir !== '' ? $dir : \dirname(__DIR__, 3) . '/tests/vectors';
    }

    /** @return array<string, array{string, array}> "file-stem/id" => [stem, case] */
    public static function cases(): array
    {
        $files = array_values(array_filter(glob(self::dir() . '/*.json') ?: [],
            static fn (string $f): bool => basename($f) !== 'manifest.json'));
        sort($files);
        // manifest.json names every file with its SHA-256 and case count: an emptied, deleted or
        // added file fails here instead of running zero cases.
        $manifest = json_decode((string) @file_get_contents(self::dir() . '/manifest.json'), true, 512, JSON_THROW_ON_ERROR)['files'];
        $names = array_map('basename', $files);
        $listed = array_keys($manifest);
        sort($listed);
        if ($names !== $listed) {
            throw new \RuntimeException('vector files [' . implode(', ', $names) . '] differ from manifest.json');
        }
        $cases = [];
        $total = 0;
        foreach ($files as $file) {
            $stem = basename($file, '.json');
            $bytes = (string) file_get_contents($file);
            if (hash('sha256', $bytes) !== $manifest[basename($file)]['sha256']) {
                throw new \RuntimeException(basename($file) . ': SHA-256 differs from manifest.json');
            }
            $doc = json_decode($bytes, true, 512, JSON_THROW_ON_ERROR);
            if (!\is_array($doc['cases'] ?? null) || \count($doc['cases']) !== $manifest[basename($file)]['cases']) {
                throw new \RuntimeException(basename($file) . ': case count differs from manifest.json');
            }
            foreach ($doc['cases'] as $case) {
                $cases[$stem . '/' . $case['id']] = [$stem, $case];
            }
            $total += \count($doc['cases']);
        }
        if (\count($cases) !== $total) {
            throw new \RuntimeException('duplicate case ids within a vector file');
        }
        return $cases;
    }

    /**
     * Runs one case; returns what it produced in the shape of `expect` (a result, or ['error' => name]).
     */
    public static function run(array $case): array
    {
        $in = $case['input'];
        $secret = \array_key_exists('secret_hex', $in) ? (string) hex2bin($in['secret_hex']) : ($in['secret'] ?? '');
        $token = \array_key_exists('token_hex', $in) ? (string) hex2bin($in['token_hex']) : ($in['token'] ?? '');
        // The vector's inputs as named arguments (absent stays absent). A name the ABI has no bit for
        // ('none', 'RS256', 'hs256', '') reaches the core as a bit no OoAlg member has, which it
        // refuses as it refuses any unknown bit.
        $alg = static fn (string $name): int => \defined(Abi::class . '::' . $name) && str_starts_with($name, 'HS')
            ? \constant(Abi::class . '::' . $name) : 0x80000000;
        $sign = [];
        $verify = [];
        if (\array_key_exists('algorithm', $in)) {
            $sign['algorithm'] = $alg($in['algorithm']);
        }
        if (\array_key_exists('algorithms', $in)) {
            $verify['algorithms'] = array_map($alg, $in['algorithms']);
        }
        foreach (['expires_in' => 'expiresIn', 'max_json_len' => 'maxJsonLength'] as $k => $name) {
            if (\array_key_exists($k, $in)) {
                $sign[$name] = $in[$k];
            }
        }
        foreach (['leeway' => 'leeway', 'max_token_len' => 'maxTokenLength'] as $k => $name) {
            if (\array_key_exists($k, $in)) {
                $verify[$name] = $in[$k];
            }
        }
        $clock = \array_key_exists('now', $in) ? ['now' => $in['now']] : [];
        $json = \array_key_exists('max_json_len', $in) ? ['maxJsonLength' => $in['max_json_len']] : [];
        $tokenLen = \array_key_exists('max_token_len', $in) ? ['maxTokenLength' => $in['max_token_len']] : [];
        $prefix = \array_key_exists('prefix', $in) ? ['prefix' => $in['prefix']] : [];
        $pathOnly = \array_key_exists('url_match', $in) ? ['pathAndQueryOnly' => $in['url_match'] === 'path_and_query'] : [];
        $sign += $clock;
        $verify += $clock;
        try {
            switch ($case['op']) {
                case 'sign':
                    return ['token' => Jwt::sign($in['payload'], $secret, ...$sign)];
                case 'verify':
                    return ['claims' => Jwt::verify($token, $secret, ...$verify)];
                case 'decode_unverified':
                    return Jwt::decodeUnverified($token, ...$tokenLen);
                case 'sign_request':
                    $placement = $in['placement'] ?? Jwt::PLACEMENT_BODY;
                    $r = Jwt::signRequest($in['body'], $secret, $placement, ...$sign);
                    return $placement === Jwt::PLACEMENT_BODY
                        ? ['body' => json_decode($r, true, 512, JSON_THROW_ON_ERROR)] : ['token' => $r];
                case 'verify_request':
                    return ['params' => Jwt::verifyRequest($in['body'] ?? null, $in['authorization'] ?? null, $secret, ...$prefix, ...$verify, ...$json)];
                case 'sign_config':
                    return ['config' => Jwt::signConfig($in['config'], $secret, ...$sign)];
                case 'sign_editor_method':
                    return ['params' => Jwt::signEditorMethod($in['method'], $in['params'], $secret, ...$sign)];
                case 'verify_download':
                    return ['claims' => Jwt::verifyDownload($in['authorization'] ?? null, $in['url'], $secret, ...$prefix, ...$pathOnly, ...$verify)];
                case 'load_config':
                    return ['config' => self::loadConfig($in)];
                case 'verify_request_with_config':
                    return ['params' => Jwt::verifyRequestWithConfig($in['body'] ?? null, $in['authorization'] ?? null, self::loadConfig($in), $in['direction'], ...$clock, ...$tokenLen, ...$json)];
                case 'verify_download_with_config':
                    return ['claims' => Jwt::verifyDownloadWithConfig($in['authorization'] ?? null, $in['url'], self::loadConfig($in), ...$pathOnly, ...$clock, ...$tokenLen)];
                case 'download_token_expected':
                    return ['expected' => Jwt::downloadTokenExpected($in['url'], self::loadConfig($in))];
                default:
                    return ['unknown op' => $case['op']];
            }
        } catch (JwtException $e) {
            $constant = Abi::class . '::' . strtoupper($e->getErrorName());
            if (!\defined($constant) || \constant($constant) !== $e->getCode()) {
                return ['error' => $e->getErrorName(), 'code mismatch' => $e->getCode()];
            }
            return ['error' => $e->getErrorName()];
        }
    }

    private static function loadConfig(array $in): array
    {
        $dir = sys_get_temp_dir() . '/oo-jwt-php-' . getmypid() . '-' . bin2hex(random_bytes(6));
        mkdir($dir, 0700);
        try {
            foreach ($in['files'] ?? [] as $name => $text) {
                file_put_contents("$dir/$name", str_replace('@DIR@', $dir, $text));
            }
            return Jwt::loadConfig("$dir/{$in['local']}", isset($in['default']) ? "$dir/{$in['default']}" : null, $in['env'] ?? null);
        } finally {
            foreach (array_keys($in['files'] ?? []) as $name) {
                @unlink("$dir/$name");
            }
            @rmdir($dir);
        }
    }

    /** JSON values compared as parsed values: objects by member (any order), numbers by value. */
    public static function same(mixed $a, mixed $b): bool
    {
        if (\is_array($a) && \is_array($b)) {
            if (\count($a) !== \count($b) || array_is_list($a) !== array_is_list($b)) {
                return false;
            }
            foreach ($a as $k => $v) {
                if (!\array_key_exists($k, $b) || !self::same($v, $b[$k])) {
                    return false;
                }
            }
            return true;
        }
        if ((\is_int($a) || \is_float($a)) && (\is_int($b) || \is_float($b))) {
            return $a == $b;
        }
        return $a === $b;
    }

    /** Null when `got` meets `expect`, else what differs. Tokens byte for byte, JSON as parsed values. */
    public static function mismatch(array $expect, array $got): ?string
    {
        $ok = array_keys($expect) == array_keys($got) || (ksort($expect) && ksort($got) && array_keys($expect) === array_keys($got));
        if ($ok) {
            foreach ($expect as $k => $v) {
                $ok = $ok && ($k === 'token' || $k === 'error' ? $v === $got[$k] : self::same($v, $got[$k]));
            }
        }
        if ($ok) {
            return null;
        }
        $flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE;
        return 'expected ' . json_encode($expect, $flags) . "\n     got " . json_encode($got, $flags);
    }
}
