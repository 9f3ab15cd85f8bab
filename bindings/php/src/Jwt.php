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
 * a failure is an OoJwt\JwtException carrying the contract's name and number, and the core's
 * message from that same call.
 *
 * Arguments follow the ABI's order: what the call is about, then the secret (or the settings), then
 * the optional ones, best given by name: `algorithm` (an Abi::HS256 / HS384 / HS512 bit),
 * `algorithms` (an allow-list: a list of those bits), `leeway` (seconds), `now` (Unix seconds
 * instead of the clock), `expiresIn` (seconds until `exp` when signing), `maxTokenLength`,
 * `maxJsonLength` (bytes), `prefix` (the text before the token in a header value) and
 * `pathAndQueryOnly` (verifyDownload behind a reverse proxy). One not given (null) reaches the core
 * as not given, so the core's own default applies; the core judges bits and ranges.
 *
 *   $token = Jwt::sign(['key' => 'k'], $secret, algorithm: Abi::HS512, expiresIn: 300);
 *   $claims = Jwt::verify($token, $secret, algorithms: [Abi::HS256, Abi::HS512]);
 */
final class Jwt
{
    /** The platforms whose library the Composer package carries (lib/<platform>/, as in dist/native/). */
    public const PLATFORMS = ['linux-x86_64', 'linux-aarch64', 'linux-x86_64-musl', 'windows-x86_64'];

    /** The FFI scope name that Jwt::preload() registers and every call looks for first. */
    public const SCOPE = 'OO_JWT';

    /** json_encode's flags for the JSON the core reads: the text as given, no escapes it does not need. */
    private const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS;

    /** The placements of signRequest(). */
    public const PLACEMENT_BODY = 'body';
    public const PLACEMENT_HEADER = 'header';

    /** @var ?FFI oo_abi_version, oo_free and oo_status_name: the preloaded scope, or an FFI::cdef of those three */
    private static ?FFI $ffi = null;
    /** @var array<string, FFI> per C function, the FFI that declares it: the scope, or an FFI::cdef of that one function */
    private static array $fn = [];
    /** whether the declarations come from the preloaded scope (every function in one FFI) */
    private static bool $scoped = false;
    private static ?string $library = null;
    /** the library the FFI::cdef instances load (useLibrary's, $OO_JWT_LIB or the package's) */
    private static string $loaded = '';
    /** @var CData char* slots the library writes (two results, the error message); reused by every call (PHP runs one call at a time). */
    private static CData $out;
    private static CData $outAddr;
    private static CData $out2;
    private static CData $out2Addr;
    private static CData $err;
    private static CData $errAddr;
    /** @var ?CData the OoOptions block (made on first use), rewritten whole right before each call that has options */
    private static ?CData $opt = null;
    private static CData $optAddr;

    /** Signs a JSON object (an array, or the exact JSON text) with `secret`; returns the token. */
    public static function sign(array|string $payload, string $secret, ?int $algorithm = null, ?int $expiresIn = null, ?int $now = null, ?int $maxJsonLength = null): string
    {
        $f = self::$fn['oo_sign'] ?? self::fn('oo_sign');
        // encode(), inlined for the common case (a non-empty array that json_encode takes).
        $json = \is_string($payload) ? $payload
            : ($payload !== [] && \is_string($j = json_encode($payload, self::JSON_FLAGS)) ? $j : self::encode($payload, 'payload'));
        $o = $algorithm === null && $expiresIn === null && $now === null && $maxJsonLength === null
            ? null : self::options(algorithm: $algorithm, expiresIn: $expiresIn, now: $now, maxJsonLength: $maxJsonLength);
        $rc = $f->oo_sign($json, \strlen($json), $secret, \strlen($secret), $o, self::$outAddr, self::$errAddr);
        if ($rc !== 0) {
            self::fail($rc);
        }
        // take(), inlined on this hot path only: the extra call showed in alternating bench pairs
        // (docs/benchmarks.md); on verify, json_decode dominates and the gain was within the noise.
        $token = FFI::string(self::$out);
        self::$ffi->oo_free(self::$out);
        return $token;
    }

    /** Verifies `token` with `secret`; returns its claims. */
    public static function verify(string $token, string $secret, ?array $algorithms = null, ?int $leeway = null, ?int $now = null, ?int $maxTokenLength = null): array
    {
        $f = self::$fn['oo_verify'] ?? self::fn('oo_verify');
        $o = $algorithms === null && $leeway === null && $now === null && $maxTokenLength === null
            ? null : self::options(algorithms: $algorithms, leeway: $leeway, now: $now, maxTokenLength: $maxTokenLength);
        $rc = $f->oo_verify($token, \strlen($token), $secret, \strlen($secret), $o, self::$outAddr, self::$errAddr);
        if ($rc !== 0) {
            self::fail($rc);
        }
        // take() and decode(), inlined on this hot path (as in sign()).
        $claims = FFI::string(self::$out);
        self::$ffi->oo_free(self::$out);
        try {
            return json_decode($claims, true, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            self::decodeFailed($e);
        }
    }

    /**
     * Verifies `token` like verify(), but returns the claims as the JSON text the token carries
     * (for decoding as objects, or passing on unchanged).
     */
    public static function verifyJson(string $token, string $secret, ?array $algorithms = null, ?int $leeway = null, ?int $now = null, ?int $maxTokenLength = null): string
    {
        $f = self::$fn['oo_verify'] ?? self::fn('oo_verify');
        $o = $algorithms === null && $leeway === null && $now === null && $maxTokenLength === null
            ? null : self::options(algorithms: $algorithms, leeway: $leeway, now: $now, maxTokenLength: $maxTokenLength);
        $rc = $f->oo_verify($token, \strlen($token), $secret, \strlen($secret), $o, self::$outAddr, self::$errAddr);
        return $rc === 0 ? self::take() : self::fail($rc);
    }

    /**
     * Takes `token` apart WITHOUT verifying it, for diagnostics only (never a trust decision).
     *
     * @return array{header: array, claims: array}
     */
    public static function decodeUnverified(string $token, ?int $maxTokenLength = null): array
    {
        $f = self::$fn['oo_decode_unverified'] ?? self::fn('oo_decode_unverified');
        $o = self::options(maxTokenLength: $maxTokenLength);
        $rc = $f->oo_decode_unverified($token, \strlen($token), $o, self::$outAddr, self::$out2Addr, self::$errAddr);
        if ($rc !== 0) {
            self::fail($rc);
        }
        try {
            $header = FFI::string(self::$out);
            $claims = FFI::string(self::$out2);
        } finally {
            self::$ffi->oo_free(self::$out);
            self::$ffi->oo_free(self::$out2);
        }
        return ['header' => self::decode($header), 'claims' => self::decode($claims)];
    }

    /**
     * Signs a request from the storage service to Docs (command service, converter, docbuilder).
     * With placement "body": returns the body JSON text with `token` added (send it as the body).
     * With placement "header": returns the bare token for `Authorization: Bearer <token>`.
     */
    public static function signRequest(array|string $body, string $secret, string|int $placement = self::PLACEMENT_BODY, ?int $algorithm = null, ?int $expiresIn = null, ?int $now = null, ?int $maxJsonLength = null): string
    {
        $f = self::$fn['oo_sign_request'] ?? self::fn('oo_sign_request');
        $json = \is_string($body) ? $body : self::encode($body, 'body');
        $p = match ($placement) {
            self::PLACEMENT_BODY => Abi::PLACEMENT_BODY,
            self::PLACEMENT_HEADER => Abi::PLACEMENT_HEADER,
            default => \is_int($placement) ? $placement
                : self::argumentError("placement must be 'body' or 'header', not " . var_export($placement, true)),
        };
        $o = self::options(algorithm: $algorithm, expiresIn: $expiresIn, now: $now, maxJsonLength: $maxJsonLength);
        $rc = $f->oo_sign_request($json, \strlen($json), $secret, \strlen($secret), $p, $o, self::$outAddr, self::$errAddr);
        return $rc === 0 ? self::take() : self::fail($rc);
    }

    /**
     * Verifies a request the way Docs does (a body `token` first, else the authorization header after
     * `prefix`); returns the trusted parameters (claims with `payload` and `query` merged over them).
     * `body` is the raw request body (null or "" for none), `authorization` the header value (null: none).
     */
    public static function verifyRequest(?string $body, ?string $authorization, string $secret, ?string $prefix = null, ?array $algorithms = null, ?int $leeway = null, ?int $now = null, ?int $maxTokenLength = null, ?int $maxJsonLength = null): array
    {
        $f = self::$fn['oo_verify_request'] ?? self::fn('oo_verify_request');
        $o = self::options(algorithms: $algorithms, leeway: $leeway, now: $now, maxTokenLength: $maxTokenLength, maxJsonLength: $maxJsonLength);
        $rc = $f->oo_verify_request(
            $body, $body === null ? 0 : \strlen($body),
            $authorization, $authorization === null ? 0 : \strlen($authorization),
            $secret, \strlen($secret),
            $prefix, $prefix === null ? 0 : \strlen($prefix),
            $o, self::$outAddr, self::$errAddr,
        );
        return $rc === 0 ? self::decode(self::take()) : self::fail($rc);
    }

    /**
     * Signs an editor config (document.key and document.url required); returns the config with
     * `token` added.
     */
    public static function signConfig(array|string $config, string $secret, ?int $algorithm = null, ?int $expiresIn = null, ?int $now = null, ?int $maxJsonLength = null): array
    {
        $f = self::$fn['oo_sign_config'] ?? self::fn('oo_sign_config');
        $json = \is_string($config) ? $config : self::encode($config, 'config');
        $o = self::options(algorithm: $algorithm, expiresIn: $expiresIn, now: $now, maxJsonLength: $maxJsonLength);
        $rc = $f->oo_sign_config($json, \strlen($json), $secret, \strlen($secret), $o, self::$outAddr, self::$errAddr);
        return $rc === 0 ? self::decode(self::take()) : self::fail($rc);
    }

    /**
     * Signs the parameter object of a `docEditor` method (`insertImage`, `setHistoryData`,
     * `setRequestedDocument`, ...) with the browser (inbox) secret; returns the object with `token`
     * added, for example `Jwt::signEditorMethod('setRevisedFile', ['fileType' => 'docx', 'url' => $url], $secret)`.
     */
    public static function signEditorMethod(string $method, array|string $params, string $secret, ?int $algorithm = null, ?int $expiresIn = null, ?int $now = null, ?int $maxJsonLength = null): array
    {
        $f = self::$fn['oo_sign_editor_method'] ?? self::fn('oo_sign_editor_method');
        $json = \is_string($params) ? $params : self::encode($params, 'params');
        $o = self::options(algorithm: $algorithm, expiresIn: $expiresIn, now: $now, maxJsonLength: $maxJsonLength);
        $rc = $f->oo_sign_editor_method(
            $method, \strlen($method), $json, \strlen($json), $secret, \strlen($secret),
            $o, self::$outAddr, self::$errAddr,
        );
        return $rc === 0 ? self::decode(self::take()) : self::fail($rc);
    }

    /**
     * Verifies a file download from Docs: the authorization header value (after `prefix`) must be a
     * valid token whose `payload.url` names `url`, the absolute URL of the request as Docs addressed
     * it. Both are compared as WHATWG URLs without the fragment: whole, or only path and query with
     * `pathAndQueryOnly: true` (behind a reverse proxy). Returns the claims.
     */
    public static function verifyDownload(?string $authorization, string $url, string $secret, ?string $prefix = null, bool $pathAndQueryOnly = false, ?array $algorithms = null, ?int $leeway = null, ?int $now = null, ?int $maxTokenLength = null): array
    {
        $f = self::$fn['oo_verify_download'] ?? self::fn('oo_verify_download');
        $o = self::options(pathAndQueryOnly: $pathAndQueryOnly, algorithms: $algorithms, leeway: $leeway, now: $now, maxTokenLength: $maxTokenLength);
        $rc = $f->oo_verify_download(
            $authorization, $authorization === null ? 0 : \strlen($authorization),
            $url, \strlen($url),
            $secret, \strlen($secret),
            $prefix, $prefix === null ? 0 : \strlen($prefix),
            $o, self::$outAddr, self::$errAddr,
        );
        return $rc === 0 ? self::decode(self::take()) : self::fail($rc);
    }

    /**
     * Reads an ONLYOFFICE Docs configuration (local.json over default.json, then the Docker
     * variables given in `env`, e.g. ['JWT_SECRET' => getenv('JWT_SECRET')]; the process environment
     * is never read implicitly). Returns the resolved inbox/outbox/browser settings.
     */
    public static function loadConfig(string $localPath, ?string $defaultPath = null, ?array $env = null): array
    {
        $f = self::$fn['oo_load_config'] ?? self::fn('oo_load_config');
        $envJson = $env === null ? null : self::encode((object) $env, 'env');
        $rc = $f->oo_load_config(
            $localPath, \strlen($localPath),
            $defaultPath, $defaultPath === null ? 0 : \strlen($defaultPath),
            $envJson, $envJson === null ? 0 : \strlen($envJson),
            self::$outAddr, self::$errAddr,
        );
        return $rc === 0 ? self::decode(self::take()) : self::fail($rc);
    }

    /**
     * Verifies a request with the settings loadConfig() returned (the array, or its JSON text):
     * `direction` 'inbox' (requests to Docs) or 'outbox' (callbacks from Docs) picks the secret and
     * prefix; the clock tolerance and allow-list are the settings'. Returns the trusted parameters,
     * as verifyRequest() does.
     */
    public static function verifyRequestWithConfig(?string $body, ?string $authorization, array|string $settings, string $direction, ?int $now = null, ?int $maxTokenLength = null, ?int $maxJsonLength = null): array
    {
        $f = self::$fn['oo_verify_request_with_config'] ?? self::fn('oo_verify_request_with_config');
        $json = \is_string($settings) ? $settings : self::encode($settings, 'settings');
        // Any other name reaches the core as a direction it refuses (invalid_argument).
        $d = match ($direction) {
            'inbox' => Abi::DIRECTION_INBOX,
            'outbox' => Abi::DIRECTION_OUTBOX,
            default => 0xFFFFFFFF,
        };
        $o = self::options(now: $now, maxTokenLength: $maxTokenLength, maxJsonLength: $maxJsonLength);
        $rc = $f->oo_verify_request_with_config(
            $body, $body === null ? 0 : \strlen($body),
            $authorization, $authorization === null ? 0 : \strlen($authorization),
            $json, \strlen($json), $d,
            $o, self::$outAddr, self::$errAddr,
        );
        return $rc === 0 ? self::decode(self::take()) : self::fail($rc);
    }

    /**
     * Verifies a file download by Docs with the settings loadConfig() returned (the array, or its
     * JSON text): the outbox secret, prefix, clock tolerance and allow-list are the settings'.
     * Otherwise as verifyDownload(). A token is always required (missing_token), even for a URL Docs
     * downloads without one: ask downloadTokenExpected() first.
     */
    public static function verifyDownloadWithConfig(?string $authorization, string $url, array|string $settings, bool $pathAndQueryOnly = false, ?int $now = null, ?int $maxTokenLength = null): array
    {
        $f = self::$fn['oo_verify_download_with_config'] ?? self::fn('oo_verify_download_with_config');
        $json = \is_string($settings) ? $settings : self::encode($settings, 'settings');
        $o = self::options(pathAndQueryOnly: $pathAndQueryOnly, now: $now, maxTokenLength: $maxTokenLength);
        $rc = $f->oo_verify_download_with_config(
            $authorization, $authorization === null ? 0 : \strlen($authorization),
            $url, \strlen($url), $json, \strlen($json),
            $o, self::$outAddr, self::$errAddr,
        );
        return $rc === 0 ? self::decode(self::take()) : self::fail($rc);
    }

    /**
     * Whether Docs sends a token when it downloads $url, with the settings loadConfig() returned:
     * outbox tokens enabled and $url not containing token.outbox.urlExclusionRegex (plain text). Pass
     * $url exactly as given to Docs (document.url, ...), not the request URL as received.
     */
    public static function downloadTokenExpected(string $url, array|string $settings): bool
    {
        $f = self::$fn['oo_download_token_expected'] ?? self::fn('oo_download_token_expected');
        $json = \is_string($settings) ? $settings : self::encode($settings, 'settings');
        $expected = $f->new('uint8_t');
        $rc = $f->oo_download_token_expected($url, \strlen($url), $json, \strlen($json), FFI::addr($expected), self::$errAddr);
        return $rc === 0 ? $expected->cdata === 1 : self::fail($rc);
    }

    /** The core library's version, e.g. "0.1.0". */
    public static function version(): string
    {
        return (self::$fn['oo_version'] ?? self::fn('oo_version'))->oo_version();
    }

    /**
     * Chooses the library before the first call (otherwise: a preloaded FFI scope, $OO_JWT_LIB, or
     * lib/liboo_jwt.so inside this package).
     */
    public static function useLibrary(string $path): void
    {
        self::$library = $path;
        self::$ffi = null;
        self::$fn = [];
        self::$opt = null;
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
     * The FFI instance with oo_abi_version, oo_free and oo_status_name (internal; for diagnostics and
     * the test suite): a preloaded scope when there is one (it has every function), else an FFI::cdef
     * of those three (and of `$with`, the C function the first call needs) and the library. The ABI
     * check happens here, once per process (per request under PHP-FPM).
     *
     * @internal
     */
    public static function ffi(?string $with = null): FFI
    {
        $with = \in_array($with, ['oo_abi_version', 'oo_free', 'oo_status_name'], true) ? null : $with;
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
        self::$scoped = $f !== null;
        if ($f === null) {
            $lib = self::$loaded = self::$library ?? self::libraryPath();
            try {
                // Only what every call needs: without preload (PHP-FPM with ffi.enable=true) this runs in
                // each request, and parsing the whole header costs more than a verify.
                $f = FFI::cdef(Abi::FUNCTIONS['oo_abi_version'] . Abi::FUNCTIONS['oo_free'] . Abi::FUNCTIONS['oo_status_name']
                    . ($with === null ? '' : Abi::FUNCTIONS[$with]), $lib);
            } catch (\FFI\Exception $e) {
                $restricted = str_contains($e->getMessage(), 'ffi.enable');
                // Which paths were tried and what fixes it: the raw loader message names only one.
                $searched = self::$library !== null ? "the path given to useLibrary()"
                    : (\is_string(getenv('OO_JWT_LIB')) && getenv('OO_JWT_LIB') !== '' ? '$OO_JWT_LIB'
                        : 'searched: ' . implode(', ', self::librarySearchPaths()));
                throw new \RuntimeException(
                    "oo-jwt: cannot load $lib with FFI (" . $e->getMessage() . "; $searched). " . ($restricted
                        ? 'With ffi.enable=preload (PHP-FPM), preload this package: README, PHP-FPM'
                        : 'The Composer package carries the library for ' . implode(', ', self::PLATFORMS)
                            . ' under lib/<platform>/: reinstall it (composer reinstall oo-jwt/oo-jwt); on another'
                            . ' platform build the core (cargo build --release) and set OO_JWT_LIB or call'
                            . ' OoJwt\\Jwt::useLibrary()'),
                    0,
                    $e,
                );
            }
        }
        // The library must speak this ABI: the same major version, at least this minor one.
        $abi = $f->oo_abi_version();
        if ($abi >> 16 !== Abi::ABI_MAJOR || ($abi & 0xFFFF) < Abi::ABI_MINOR) {
            throw new \RuntimeException(sprintf('oo-jwt: the library has ABI %d.%d, this package needs %d.x with x >= %d',
                $abi >> 16, $abi & 0xFFFF, Abi::ABI_MAJOR, Abi::ABI_MINOR));
        }
        self::$out = $f->new('char*');
        self::$outAddr = FFI::addr(self::$out);
        self::$out2 = $f->new('char*');
        self::$out2Addr = FFI::addr(self::$out2);
        self::$err = $f->new('char*');
        self::$errAddr = FFI::addr(self::$err);
        self::$fn = $with === null || self::$scoped ? [] : [$with => $f];
        self::$opt = null;
        return self::$ffi = $f;
    }

    /**
     * The FFI instance that declares the C function `$name` (internal: the calls, the bench): the
     * preloaded scope, else an FFI::cdef of that function alone, made on its first call (the
     * library is already loaded then, so this is a symbol lookup and a short parse).
     *
     * @internal
     */
    public static function fn(string $name): FFI
    {
        $f = self::$ffi ?? self::ffi($name);
        if (isset(self::$fn[$name])) {
            return self::$fn[$name];
        }
        if (self::$scoped) {
            return self::$fn[$name] = $f;
        }
        try {
            return self::$fn[$name] = FFI::cdef(Abi::FUNCTIONS[$name], self::$loaded);
        } catch (\FFI\Exception $e) {
            throw new \RuntimeException("oo-jwt: cannot declare $name from " . self::$loaded . ' with FFI (' . $e->getMessage() . ')', 0, $e);
        }
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
        [$perPlatform, $plain] = self::librarySearchPaths();
        return is_file($perPlatform) ? $perPlatform : $plain;
    }

    /**
     * The package's own library paths, in search order: lib/<platform>/<name> (the platform named as
     * in dist/native/: PHP_OS_FAMILY, php_uname('m'), "-musl" where musl's loader is present), then
     * lib/<name>.
     *
     * @return array{0: string, 1: string}
     */
    public static function librarySearchPaths(): array
    {
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
        $musl = $os === 'linux' && self::onMusl($arch) ? '-musl' : '';
        $lib = \dirname(__DIR__) . '/lib/';
        return [$lib . "$os-$arch$musl/" . $name, $lib . $name];
    }

    /**
     * Whether this PHP runs on musl (Alpine): its binary's ELF interpreter (in the first page of
     * /proc/self/exe) is musl's loader, /lib/ld-musl-<arch>.so.1. Nothing is read when that loader
     * is not installed. A glibc system may have it installed too (musl-tools), so its presence alone
     * decides only when /proc cannot be read, and then only without glibc's loader. (Reading
     * /proc/self/maps instead cost more than a verify, in each PHP-FPM request.)
     */
    private static function onMusl(string $arch): bool
    {
        if (!is_file("/lib/ld-musl-$arch.so.1")) {
            return false;
        }
        $head = @file_get_contents('/proc/self/exe', false, null, 0, 4096);
        if (\is_string($head) && $head !== '') {
            return str_contains($head, '/ld-musl-');
        }
        return glob('/lib*/ld-linux*.so.*') === [];
    }

    /**
     * The OoOptions block, made once per process (per request under PHP-FPM) on the first call with
     * options: from the scope, or from its own declaration (passed as `const void *`, see Abi::FUNCTIONS).
     */
    private static function newOptions(): CData
    {
        // The FFI that declares the type must outlive the block (it owns the type).
        $o = self::$opt = (self::$scoped ? self::ffi() : self::$fn['OoOptions'] ??= FFI::cdef(Abi::OPTIONS_STRUCT))->new('OoOptions');
        self::$optAddr = FFI::addr($o);
        $o->struct_size = FFI::sizeof($o);
        return $o;
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
    private static function take(): string
    {
        try {
            return FFI::string(self::$out);
        } finally {
            self::$ffi->oo_free(self::$out);
        }
    }

    /** Throws the JwtException of a failed call, with the message that call stored (and frees it). */
    private static function fail(int $rc): never
    {
        $f = self::ffi();
        $detail = '';
        if (!FFI::isNull(self::$err)) {
            try {
                $detail = FFI::string(self::$err);
            } finally {
                $f->oo_free(self::$err);
            }
        }
        throw new JwtException($f->oo_status_name($rc), $rc, $detail);
    }

    private static function argumentError(string $detail): never
    {
        throw new JwtException(self::ffi()->oo_status_name(Abi::INVALID_ARGUMENT), Abi::INVALID_ARGUMENT, $detail);
    }

    private static function encode(array|object $value, string $what): string
    {
        if ($value === []) {
            return '{}'; // an empty PHP array stands for an empty JSON object here
        }
        $json = json_encode($value, self::JSON_FLAGS);
        if ($json === false) {
            throw new JwtException(self::ffi()->oo_status_name(Abi::INVALID_JSON), Abi::INVALID_JSON, "$what cannot be encoded as JSON: " . json_last_error_msg());
        }
        return $json;
    }

    private static function decode(string $json): array
    {
        try {
            return json_decode($json, true, 512, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            self::decodeFailed($e);
        }
    }

    private static function decodeFailed(\JsonException $e): never
    {
        throw new JwtException(self::ffi()->oo_status_name(Abi::INTERNAL), Abi::INTERNAL, 'json_decode of the core result: ' . $e->getMessage(), $e);
    }

    /**
     * The OoOptions argument: null when nothing is given, else the address of the one block, every
     * field written (a value not given: its flag unset, its field 0). Called last before the C call,
     * after every json_encode (whose JsonSerializable objects may call Jwt themselves).
     */
    private static function options(?int $algorithm = null, ?array $algorithms = null, ?int $now = null, ?int $leeway = null, ?int $expiresIn = null, ?int $maxTokenLength = null, ?int $maxJsonLength = null, bool $pathAndQueryOnly = false): ?CData
    {
        if ($algorithm === null && $algorithms === null && $now === null && $leeway === null && $expiresIn === null
            && $maxTokenLength === null && $maxJsonLength === null && !$pathAndQueryOnly) {
            return null;
        }
        // An empty list cannot be 0, the ABI's "not given" (every algorithm): it goes as a bit no
        // OoAlg has, which the core refuses as it refuses an empty list (docs/bindings.md).
        $bits = $algorithms === [] ? 0x80000000 : 0;
        foreach ($algorithms ?? [] as $alg) {
            if (!\is_int($alg) || $alg < 0 || $alg > 0xFFFFFFFF) {
                throw new \TypeError('oo-jwt: algorithms must be a list of Abi::HS256, Abi::HS384, Abi::HS512, not ' . var_export($alg, true));
            }
            $bits |= $alg;
        }
        if ($maxTokenLength < 0 || $maxJsonLength < 0) {
            throw new \ValueError('oo-jwt: maxTokenLength and maxJsonLength are sizes in bytes, never negative');
        }
        if ($algorithm !== null && ($algorithm < 0 || $algorithm > 0xFFFFFFFF)) {
            // FFI would keep the low 32 bits: 2**32 would become 0, "not given".
            throw new \ValueError('oo-jwt: algorithm is a 32-bit Abi::HS* bit, not ' . $algorithm);
        }
        $o = self::$opt ?? self::newOptions();
        $o->flags = ($now === null ? 0 : Abi::OPT_NOW) | ($leeway === null ? 0 : Abi::OPT_LEEWAY)
            | ($expiresIn === null ? 0 : Abi::OPT_EXPIRES_IN) | ($pathAndQueryOnly ? Abi::OPT_URL_PATH_QUERY : 0);
        $o->algorithm = $algorithm ?? 0;
        $o->algorithms = $bits;
        $o->now = $now ?? 0;
        $o->leeway = $leeway ?? 0;
        $o->expires_in = $expiresIn ?? 0;
        $o->max_token_len = $maxTokenLength ?? 0;
        $o->max_json_len = $maxJsonLength ?? 0;
        return self::$optAddr;
    }
}
