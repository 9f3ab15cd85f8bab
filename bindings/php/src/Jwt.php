<?php

declare(strict_types=1);

namespace OoJwt;

use FFI;
use FFI\CData;

/**
 * ONLYOFFICE Docs JWTs through the oo-jwt core (liboo_jwt, called with PHP's FFI).
 *
 * Every method converts its arguments, calls one C function, copies the returned text and frees it
 * with oo_free. All the JWT work (JSON, base64url, HMAC, claim and time checks) happens in the core;
 * a failure is an OoJwt\JwtException carrying the contract's name and number.
 *
 * Options (all optional, contract names): `algorithm` (sign: "HS256" default, "HS384", "HS512"),
 * `algorithms` (verify allow-list: list of names or "HS256,HS384"), `leeway` (seconds, default 60),
 * `now` (Unix seconds instead of the clock), `expiresIn` (seconds until `exp` when signing),
 * `maxTokenLen`, `maxJsonLen` (bytes), `prefix` (verifyRequest, verifyDownload: default "Bearer "), and
 * `urlMatch` (verifyDownload: "full", the default, or "path_and_query" behind a reverse proxy).
 * Values are passed to the core as they are; the core judges names and ranges.
 */
final class Jwt
{
    /** The FFI scope name that Jwt::preload() registers and every call looks for first. */
    public const SCOPE = 'OO_JWT';

    /** The placements of signRequest(). */
    public const PLACEMENT_BODY = 'body';
    public const PLACEMENT_HEADER = 'header';

    private const OPTION_KEYS = [
        'algorithm' => true, 'algorithms' => true, 'leeway' => true, 'now' => true,
        'expiresIn' => true, 'maxTokenLen' => true, 'maxJsonLen' => true, 'urlMatch' => true,
    ];

    private static ?FFI $ffi = null;
    private static ?string $library = null;
    /** @var CData char* written by the library; reused by every call (PHP runs one call at a time). */
    private static CData $out;
    private static CData $outAddr;
    private static CData $out2;
    private static CData $out2Addr;
    /** @var array<string, array{CData, CData}> option strings ("HS256", ...) as C bytes, kept for reuse */
    private static array $bytes = [];
    /** @var list<array{CData, CData}> option strings of the current call beyond the cache */
    private static array $keep = [];

    /** Signs a JSON object (an array, or the exact JSON text) with `secret`; returns the token. */
    public static function sign(array|string $payload, string $secret, array $options = []): string
    {
        $f = self::$ffi ?? self::ffi();
        $json = \is_string($payload) ? $payload : self::encode($payload, 'payload');
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_sign($json, \strlen($json), $secret, \strlen($secret), $o === null ? null : FFI::addr($o), self::$outAddr);
        if ($rc !== 0) {
            self::fail($f, $rc);
        }
        // take(), inlined here only: the call costs about 3% of a whole sign (measured in alternating
        // bench pairs); on verify, json_decode dominates and the gain was within the noise.
        $token = FFI::string(self::$out);
        $f->oo_free(self::$out);
        return $token;
    }

    /** Verifies `token` with `secret`; returns its claims. */
    public static function verify(string $token, string $secret, array $options = []): array
    {
        $f = self::$ffi ?? self::ffi();
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_verify($token, \strlen($token), $secret, \strlen($secret), $o === null ? null : FFI::addr($o), self::$outAddr);
        return $rc === 0 ? self::decode(self::take($f)) : self::fail($f, $rc);
    }

    /**
     * Verifies `token` like verify(), but returns the claims as the JSON text the token carries
     * (for decoding as objects, or passing on unchanged).
     */
    public static function verifyJson(string $token, string $secret, array $options = []): string
    {
        $f = self::$ffi ?? self::ffi();
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_verify($token, \strlen($token), $secret, \strlen($secret), $o === null ? null : FFI::addr($o), self::$outAddr);
        return $rc === 0 ? self::take($f) : self::fail($f, $rc);
    }

    /**
     * Takes `token` apart WITHOUT verifying it, for diagnostics only (never a trust decision).
     *
     * @return array{header: array, claims: array}
     */
    public static function decodeUnverified(string $token, array $options = []): array
    {
        $f = self::$ffi ?? self::ffi();
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_decode_unverified($token, \strlen($token), $o === null ? null : FFI::addr($o), self::$outAddr, self::$out2Addr);
        if ($rc !== 0) {
            self::fail($f, $rc);
        }
        try {
            $header = FFI::string(self::$out);
            $claims = FFI::string(self::$out2);
        } finally {
            $f->oo_free(self::$out);
            $f->oo_free(self::$out2);
        }
        return ['header' => self::decode($header), 'claims' => self::decode($claims)];
    }

    /**
     * Signs a request from the storage service to Docs (command service, converter, docbuilder).
     * With placement "body": returns the body JSON text with `token` added (send it as the body).
     * With placement "header": returns the bare token for `Authorization: Bearer <token>`.
     * `expiresIn` defaults to 300 here.
     */
    public static function signRequest(array|string $body, string $secret, string|int $placement = self::PLACEMENT_BODY, array $options = []): string
    {
        $f = self::$ffi ?? self::ffi();
        $json = \is_string($body) ? $body : self::encode($body, 'body');
        $p = match ($placement) {
            self::PLACEMENT_BODY => Abi::PLACEMENT_BODY,
            self::PLACEMENT_HEADER => Abi::PLACEMENT_HEADER,
            default => \is_int($placement) ? $placement
                : self::argumentError($f, "placement must be 'body' or 'header', not " . var_export($placement, true)),
        };
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_sign_request($json, \strlen($json), $secret, \strlen($secret), $p, $o === null ? null : FFI::addr($o), self::$outAddr);
        return $rc === 0 ? self::take($f) : self::fail($f, $rc);
    }

    /**
     * Verifies a request the way Docs does (a body `token` first, else the authorization header after
     * `prefix`); returns the trusted parameters (claims with `payload` and `query` merged over them).
     * `body` is the raw request body (null or "" for none), `authorization` the header value (null: none).
     */
    public static function verifyRequest(string $secret, ?string $body, ?string $authorization = null, array $options = []): array
    {
        $f = self::$ffi ?? self::ffi();
        $prefix = self::prefix($options);
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_verify_request(
            $secret, \strlen($secret),
            $body, $body === null ? 0 : \strlen($body),
            $authorization, $authorization === null ? 0 : \strlen($authorization),
            $prefix, $prefix === null ? 0 : \strlen($prefix),
            $o === null ? null : FFI::addr($o), self::$outAddr,
        );
        return $rc === 0 ? self::decode(self::take($f)) : self::fail($f, $rc);
    }

    /**
     * Signs an editor config (document.key and document.url required); returns the config with
     * `token` added.
     */
    public static function signConfig(array|string $config, string $secret, array $options = []): array
    {
        $f = self::$ffi ?? self::ffi();
        $json = \is_string($config) ? $config : self::encode($config, 'config');
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_sign_config($json, \strlen($json), $secret, \strlen($secret), $o === null ? null : FFI::addr($o), self::$outAddr);
        return $rc === 0 ? self::decode(self::take($f)) : self::fail($f, $rc);
    }

    /**
     * Signs the parameter object of a `docEditor` method (`insertImage`, `setHistoryData`,
     * `setRequestedDocument`, ...) with the browser (inbox) secret; returns the object with `token`
     * added, for example `Jwt::signEditorMethod('setRevisedFile', ['fileType' => 'docx', 'url' => $url], $secret)`.
     */
    public static function signEditorMethod(string $method, array|string $params, string $secret, array $options = []): array
    {
        $f = self::$ffi ?? self::ffi();
        $json = \is_string($params) ? $params : self::encode($params, 'params');
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_sign_editor_method(
            $method, \strlen($method), $json, \strlen($json), $secret, \strlen($secret),
            $o === null ? null : FFI::addr($o), self::$outAddr,
        );
        return $rc === 0 ? self::decode(self::take($f)) : self::fail($f, $rc);
    }

    /**
     * Verifies a file download from Docs: the authorization header value (after `prefix`) must be a
     * valid token whose `payload.url` names `url`, the absolute URL of the request as Docs addressed
     * it. Both are compared as WHATWG URLs without the fragment: whole, or only path and query with
     * `['urlMatch' => 'path_and_query']` (behind a reverse proxy). Returns the claims.
     */
    public static function verifyDownload(?string $authorization, string $url, string $secret, array $options = []): array
    {
        $f = self::$ffi ?? self::ffi();
        $prefix = self::prefix($options);
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_verify_download(
            $authorization, $authorization === null ? 0 : \strlen($authorization),
            $url, \strlen($url),
            $secret, \strlen($secret),
            $prefix, $prefix === null ? 0 : \strlen($prefix),
            $o === null ? null : FFI::addr($o), self::$outAddr,
        );
        return $rc === 0 ? self::decode(self::take($f)) : self::fail($f, $rc);
    }

    /**
     * Reads an ONLYOFFICE Docs configuration (local.json over default.json, then the Docker
     * variables given in `env`, e.g. ['JWT_SECRET' => getenv('JWT_SECRET')]; the process environment
     * is never read implicitly). Returns the resolved inbox/outbox/browser settings.
     */
    public static function loadConfig(string $localPath, ?string $defaultPath = null, ?array $env = null): array
    {
        $f = self::$ffi ?? self::ffi();
        $envJson = $env === null ? null : self::encode((object) $env, 'env');
        $rc = $f->oo_load_config(
            $localPath, \strlen($localPath),
            $defaultPath, $defaultPath === null ? 0 : \strlen($defaultPath),
            $envJson, $envJson === null ? 0 : \strlen($envJson),
            self::$outAddr,
        );
        return $rc === 0 ? self::decode(self::take($f)) : self::fail($f, $rc);
    }

    /**
     * Verifies a request with the settings loadConfig() returned (the array, or its JSON text):
     * `direction` 'inbox' (requests to Docs) or 'outbox' (callbacks from Docs) picks the secret and
     * prefix; the clock tolerance and allow-list are the settings'. Returns the trusted parameters,
     * as verifyRequest() does. Options: now, max_token_len, max_json_len.
     */
    public static function verifyRequestWithConfig(array|string $settings, string $direction, ?string $body, ?string $authorization = null, array $options = []): array
    {
        $f = self::$ffi ?? self::ffi();
        $json = \is_string($settings) ? $settings : self::encode($settings, 'settings');
        // Any other name reaches the core as a direction it refuses (invalid_argument).
        $d = match ($direction) {
            'inbox' => Abi::DIRECTION_INBOX,
            'outbox' => Abi::DIRECTION_OUTBOX,
            default => 0xFFFFFFFF,
        };
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_verify_request_with_config(
            $body, $body === null ? 0 : \strlen($body),
            $authorization, $authorization === null ? 0 : \strlen($authorization),
            $json, \strlen($json), $d,
            $o === null ? null : FFI::addr($o), self::$outAddr,
        );
        return $rc === 0 ? self::decode(self::take($f)) : self::fail($f, $rc);
    }

    /**
     * Verifies a file download by Docs with the settings loadConfig() returned (the array, or its
     * JSON text): the outbox secret, prefix, clock tolerance and allow-list are the settings'.
     * Otherwise as verifyDownload(). Options: now, maxTokenLen, urlMatch. A token is always required
     * (missing_token), even for a URL Docs downloads without one: ask downloadTokenExpected() first.
     */
    public static function verifyDownloadWithConfig(array|string $settings, ?string $authorization, string $url, array $options = []): array
    {
        $f = self::$ffi ?? self::ffi();
        $json = \is_string($settings) ? $settings : self::encode($settings, 'settings');
        $o = $options === [] ? null : self::options($options);
        $rc = $f->oo_verify_download_with_config(
            $authorization, $authorization === null ? 0 : \strlen($authorization),
            $url, \strlen($url), $json, \strlen($json),
            $o === null ? null : FFI::addr($o), self::$outAddr,
        );
        return $rc === 0 ? self::decode(self::take($f)) : self::fail($f, $rc);
    }

    /**
     * Whether Docs sends a token when it downloads $url, with the settings loadConfig() returned:
     * outbox tokens enabled and $url not containing token.outbox.urlExclusionRegex (plain text). Pass
     * $url exactly as given to Docs (document.url, ...), not the request URL as received.
     */
    public static function downloadTokenExpected(array|string $settings, string $url): bool
    {
        $f = self::$ffi ?? self::ffi();
        $json = \is_string($settings) ? $settings : self::encode($settings, 'settings');
        $expected = $f->new('uint8_t');
        $rc = $f->oo_download_token_expected($url, \strlen($url), $json, \strlen($json), FFI::addr($expected));
        return $rc === 0 ? $expected->cdata === 1 : self::fail($f, $rc);
    }

    /** The core library's version, e.g. "0.1.0". */
    public static function version(): string
    {
        return (self::$ffi ?? self::ffi())->oo_version();
    }

    /**
     * Chooses the library before the first call (otherwise: a preloaded FFI scope, $OO_JWT_LIB, or
     * lib/liboo_jwt.so inside this package).
     */
    public static function useLibrary(string $path): void
    {
        self::$library = $path;
        self::$ffi = null;
    }

    /**
     * For PHP-FPM (see README): called from an opcache.preload script. With ffi.enable=preload, FFI may
     * only be used by preloaded code, so this class must be preloaded, and the declarations and
     * library registered as the FFI scope "OO_JWT": either already done by `ffi.preload` (a header
     * made by bin/oo-jwt-ffi-header; required when FPM's master runs as root with
     * opcache.preload_user), or done here with FFI::load() on such a header written to
     * `$headerFile` (default: the system temp directory).
     */
    public static function preload(?string $library = null, ?string $headerFile = null): void
    {
        try {
            FFI::scope(self::SCOPE);
            return; // registered by ffi.preload
        } catch (\FFI\Exception) {
        }
        $text = self::scopedHeader($library);
        $headerFile ??= sys_get_temp_dir() . '/oo_jwt-ffi-' . substr(hash('sha256', $text), 0, 16) . '.h';
        if (@file_get_contents($headerFile) !== $text) {
            $tmp = $headerFile . '.' . getmypid() . '.tmp';
            if (file_put_contents($tmp, $text) === false || !rename($tmp, $headerFile)) {
                throw new \RuntimeException("oo-jwt: cannot write the FFI header $headerFile");
            }
        }
        try {
            FFI::load($headerFile);
        } catch (\FFI\Exception $e) {
            throw new \RuntimeException('oo-jwt: FFI::load failed (' . $e->getMessage() . '); with opcache.preload_user, '
                . 'set ffi.preload to the header that bin/oo-jwt-ffi-header writes (README: PHP-FPM)', 0, $e);
        }
    }

    /**
     * The declarations as a header for FFI::load() or the `ffi.preload` ini setting: with
     * `#define FFI_SCOPE "OO_JWT"` and `#define FFI_LIB "<absolute library path>"`.
     */
    public static function scopedHeader(?string $library = null): string
    {
        $lib = $library ?? self::libraryPath();
        $real = realpath($lib);
        return '#define FFI_SCOPE "' . self::SCOPE . "\"\n#define FFI_LIB \"" . ($real === false ? $lib : $real) . "\"\n"
            . self::declarations();
    }

    /**
     * The FFI instance (internal; for diagnostics and the test suite): a preloaded scope when there is
     * one, else FFI::cdef over ffi/oo_jwt.h and the library.
     *
     * @internal
     */
    public static function ffi(): FFI
    {
        if (self::$ffi !== null) {
            return self::$ffi;
        }
        $f = null;
        if (self::$library === null) {
            try {
                $f = FFI::scope(self::SCOPE);
            } catch (\FFI\Exception) {
                $f = null;
            }
        }
        if ($f === null) {
            $lib = self::$library ?? self::libraryPath();
            try {
                $f = FFI::cdef(self::declarations(), $lib);
            } catch (\FFI\Exception $e) {
                $restricted = str_contains($e->getMessage(), 'ffi.enable');
                throw new \RuntimeException(
                    "oo-jwt: cannot load $lib with FFI (" . $e->getMessage() . '). ' . ($restricted
                        ? 'With ffi.enable=preload (PHP-FPM), preload this package: README, PHP-FPM'
                        : 'Build the core (cargo build --release), set OO_JWT_LIB or call OoJwt\\Jwt::useLibrary()'),
                    0,
                    $e,
                );
            }
        }
        self::$out = $f->new('char*');
        self::$outAddr = FFI::addr(self::$out);
        self::$out2 = $f->new('char*');
        self::$out2Addr = FFI::addr(self::$out2);
        self::$bytes = [];
        return self::$ffi = $f;
    }

    /**
     * Where the library is looked for: $OO_JWT_LIB, else lib/<platform>/ inside this package (a
     * package carrying several platforms, named as in dist/native/), else lib/.
     */
    public static function libraryPath(): string
    {
        $env = getenv('OO_JWT_LIB');
        if (\is_string($env) && $env !== '') {
            return $env;
        }
        [$name, $os] = match (PHP_OS_FAMILY) {
            'Darwin' => ['liboo_jwt.dylib', 'macos'],
            'Windows' => ['oo_jwt.dll', 'windows'],
            default => ['liboo_jwt.so', 'linux'],
        };
        $machine = strtolower(php_uname('m'));
        $arch = match ($machine) {
            'amd64', 'x64' => 'x86_64',
            'arm64' => 'aarch64',
            default => $machine,
        };
        // musl's dynamic loader (Alpine) is /lib/ld-musl-<arch>.so.1.
        $musl = $os === 'linux' && glob('/lib/ld-musl-*.so.1') ? '-musl' : '';
        $perPlatform = \dirname(__DIR__) . "/lib/$os-$arch$musl/" . $name;
        return is_file($perPlatform) ? $perPlatform : \dirname(__DIR__) . '/lib/' . $name;
    }

    /** The generated declarations (ffi/oo_jwt.h, made from include/oo_jwt.h by scripts/gen-ffi.php). */
    private static function declarations(): string
    {
        $text = file_get_contents(\dirname(__DIR__) . '/ffi/oo_jwt.h');
        if ($text === false) {
            throw new \RuntimeException('oo-jwt: ffi/oo_jwt.h is missing (make gen)');
        }
        return $text;
    }

    /** Copies the returned string and frees it. */
    private static function take(FFI $f): string
    {
        try {
            return FFI::string(self::$out);
        } finally {
            $f->oo_free(self::$out);
        }
    }

    private static function fail(FFI $f, int $rc): never
    {
        // Read the message right after the failing call, on this thread.
        $detail = $f->oo_last_error_message();
        throw new JwtException($f->oo_status_name($rc), $rc, $detail);
    }

    private static function argumentError(FFI $f, string $detail): never
    {
        throw new JwtException($f->oo_status_name(Abi::INVALID_ARGUMENT), Abi::INVALID_ARGUMENT, $detail);
    }

    private static function encode(array|object $value, string $what): string
    {
        if ($value === []) {
            return '{}'; // an empty PHP array stands for an empty JSON object here
        }
        $json = json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS);
        if ($json === false) {
            $f = self::$ffi ?? self::ffi();
            throw new JwtException($f->oo_status_name(Abi::INVALID_JSON), Abi::INVALID_JSON, "$what cannot be encoded as JSON: " . json_last_error_msg());
        }
        return $json;
    }

    private static function decode(string $json): array
    {
        try {
            return json_decode($json, true, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            $f = self::$ffi ?? self::ffi();
            throw new JwtException($f->oo_status_name(Abi::INTERNAL), Abi::INTERNAL, 'json_decode of the core result: ' . $e->getMessage(), $e);
        }
    }

    /** Takes `prefix` out of the options (verifyRequest, verifyDownload). */
    private static function prefix(array &$options): ?string
    {
        if (!\array_key_exists('prefix', $options)) {
            return null;
        }
        $prefix = $options['prefix'];
        unset($options['prefix']);
        if ($prefix !== null && !\is_string($prefix)) {
            self::argumentError(self::$ffi ?? self::ffi(), "option 'prefix' must be a string");
        }
        return $prefix;
    }

    /** Builds an OoOptions struct; the values go to the core unchecked (it judges names and ranges). */
    private static function options(array $options): ?CData
    {
        $f = self::$ffi;
        self::$keep = [];
        $o = $f->new('OoOptions');
        foreach ($options as $key => $value) {
            if ($value === null) {
                continue;
            }
            switch ($key) {
                case 'algorithm':
                    if (!\is_string($value)) {
                        self::argumentError($f, "option 'algorithm' must be a string");
                    }
                    $o->algorithm = self::bytes($f, $value);
                    $o->algorithm_len = \strlen($value);
                    break;
                case 'algorithms':
                    if (\is_array($value)) {
                        foreach ($value as $name) {
                            if (!\is_string($name)) {
                                self::argumentError($f, "option 'algorithms' must be a list of strings");
                            }
                        }
                        $value = implode(',', $value);
                    } elseif (!\is_string($value)) {
                        self::argumentError($f, "option 'algorithms' must be a list of strings or a comma-separated string");
                    }
                    $o->algorithms = self::bytes($f, $value);
                    $o->algorithms_len = \strlen($value);
                    break;
                case 'now':
                    $o->now = self::int($f, $key, $value);
                    $o->flags |= Abi::OPT_NOW;
                    break;
                case 'leeway':
                    $o->leeway = self::int($f, $key, $value);
                    $o->flags |= Abi::OPT_LEEWAY;
                    break;
                case 'expiresIn':
                    $o->expires_in = self::int($f, $key, $value);
                    $o->flags |= Abi::OPT_EXPIRES_IN;
                    break;
                case 'maxTokenLen':
                    $o->max_token_len = self::int($f, $key, $value);
                    break;
                case 'maxJsonLen':
                    $o->max_json_len = self::int($f, $key, $value);
                    break;
                case 'urlMatch':
                    if ($value === 'path_and_query') {
                        $o->flags |= Abi::OPT_URL_PATH_QUERY;
                    } elseif ($value !== 'full') {
                        self::argumentError($f, "option 'urlMatch' is 'full' or 'path_and_query'");
                    }
                    break;
                default:
                    self::argumentError($f, 'unknown option ' . var_export($key, true) . ' (known: '
                        . implode(', ', array_keys(self::OPTION_KEYS)) . ', and prefix where a header is read)');
            }
        }
        return $o;
    }

    private static function int(FFI $f, string $key, mixed $value): int
    {
        if (!\is_int($value)) {
            self::argumentError($f, "option '$key' must be an int");
        }
        return $value;
    }

    /** A pointer to a C copy of `s`; cached, since option strings are few ("HS256", "HS256,HS384"). */
    private static function bytes(FFI $f, string $s): CData
    {
        $entry = self::$bytes[$s] ?? null;
        if ($entry === null) {
            $n = \strlen($s);
            $buf = $f->new('char[' . ($n + 1) . ']'); // never empty: an empty list is a non-NULL pointer
            FFI::memcpy($buf, $s, $n);
            $entry = [$buf, FFI::addr($buf[0])];
            if (\count(self::$bytes) < 64) {
                self::$bytes[$s] = $entry;
            } else {
                self::$keep[] = $entry; // alive until the next options() call, after this call is done
            }
        }
        return $entry[1];
    }
}
