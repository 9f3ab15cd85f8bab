<?php

declare(strict_types=1);

namespace OoJwt;

/**
 * The integrator's side of Docs' callbacks and downloads, framework-neutral, with a plain-PHP
 * adapter (php://input, $_SERVER, http_response_code) for php-fpm, Apache or `php -S`.
 *
 * `$settings` is what Jwt::loadConfig() returned (the array or its JSON text): callbacks and
 * downloads are checked with its outbox secret, header prefix, clock tolerance and allow-list.
 *
 *   // callback.php, the callbackUrl given to Docs
 *   $settings = Jwt::loadConfig('/etc/onlyoffice/documentserver/local.json');
 *   CallbackHandler::serveCallback($settings, function (Callback $cb): void {
 *       if ($cb->status === CallbackStatus::ReadyForSaving) { copy($cb->url, "/store/{$cb->key}.docx"); }
 *   });
 */
final class CallbackHandler
{
    /**
     * The framework-neutral call: verifies the callback as Docs signs it (the body `token`, else the
     * outbox header) and types the verified parameters. Throws the JwtException of a refused token,
     * or `invalid_json` for a body that is not JSON or has no `key`/`status`.
     *
     *   $cb = CallbackHandler::handle(file_get_contents('php://input'), $_SERVER['HTTP_AUTHORIZATION'] ?? null, $settings);
     */
    public static function handle(?string $body, ?string $authorization, array|string $settings): Callback
    {
        return Callback::fromParams(Jwt::verifyRequestWithConfig($body, $authorization, $settings, 'outbox'));
    }

    /**
     * The answer Docs expects, as [HTTP status, JSON body]: no error → 200 {"error":0}; a refused
     * token → 403, a body that is not a callback → 400, anything else (the integrator's own save
     * code, broken settings) → 500, each with {"error":1}. Docs logs the status; no detail is sent.
     *
     *   [$status, $json] = CallbackHandler::answer($e); // [403, '{"error":1}'] for a bad_signature
     *
     * @return array{0: int, 1: string}
     */
    public static function answer(?\Throwable $error = null): array
    {
        if ($error === null) {
            return [200, '{"error":0}'];
        }
        $status = !$error instanceof JwtException ? 500 : match ($error->getCode()) {
            Abi::INVALID_JSON, Abi::TOO_LARGE => 400,
            Abi::MALFORMED, Abi::UNSUPPORTED_ALG, Abi::BAD_SIGNATURE, Abi::EXPIRED, Abi::NOT_YET_VALID,
            Abi::MISSING_TOKEN, Abi::URL_MISMATCH => 403,
            default => 500,
        };
        return [$status, '{"error":1}'];
    }

    /**
     * Handles one callback and returns the answer: handle(), then `$onCallback($callback)` (save
     * the file at `url` on status 2 and 6, ...; an exception from it is answered 500), then answer().
     * `$failure` receives what went wrong, for the integrator's log (it never holds the token).
     *
     *   [$status, $json] = CallbackHandler::respond($body, $auth, $settings, fn (Callback $cb) => save($cb), $failure);
     *
     * @param callable(Callback): mixed $onCallback
     * @return array{0: int, 1: string}
     */
    public static function respond(?string $body, ?string $authorization, array|string $settings, callable $onCallback, ?\Throwable &$failure = null): array
    {
        $failure = null;
        try {
            $callback = self::handle($body, $authorization, $settings);
        } catch (JwtException $e) {
            return self::answer($failure = $e);
        }
        try {
            $onCallback($callback);
        } catch (\Throwable $e) {
            $failure = $e;
            return [500, '{"error":1}'];
        }
        return self::answer();
    }

    /**
     * The download side, for the file the integrator serves to Docs: when Docs sends a token for
     * `$url` (Jwt::downloadTokenExpected), it must be valid and name `$url`. Returns the token's
     * claims, or null when Docs sends none for this URL; throws the JwtException otherwise.
     *
     *   CallbackHandler::checkDownload($auth, 'https://storage.example/files/doc.docx', $settings);
     */
    public static function checkDownload(?string $authorization, string $url, array|string $settings, bool $pathAndQueryOnly = false): ?array
    {
        if (!Jwt::downloadTokenExpected($url, $settings)) {
            return null;
        }
        return Jwt::verifyDownloadWithConfig($authorization, $url, $settings, $pathAndQueryOnly);
    }

    /**
     * The plain-PHP adapter: reads the request (php://input and the outbox header from $_SERVER),
     * calls respond() and emits the answer. Returns what went wrong, or null.
     *
     *   CallbackHandler::serveCallback($settings, fn (Callback $cb) => save($cb));
     *
     * @param callable(Callback): mixed $onCallback
     */
    public static function serveCallback(array|string $settings, callable $onCallback): ?\Throwable
    {
        $body = file_get_contents('php://input');
        [$status, $json] = self::respond($body === false ? null : $body, self::header($settings), $settings, $onCallback, $failure);
        http_response_code($status);
        header('Content-Type: application/json');
        echo $json;
        return $failure;
    }

    /**
     * The plain-PHP download adapter: checks the request (its URL rebuilt from $_SERVER, or
     * `$url` as Docs addressed it) with checkDownload(), then calls `$serve()` to send the file;
     * answers 403 without calling it when the check fails. Returns the failure, or null.
     *
     *   CallbackHandler::serveDownload($settings, fn () => readfile('/store/doc.docx'));
     *
     * @param callable(): mixed $serve
     */
    public static function serveDownload(array|string $settings, callable $serve, ?string $url = null, bool $pathAndQueryOnly = false): ?\Throwable
    {
        $url ??= self::requestUrl();
        try {
            self::checkDownload(self::header($settings), $url, $settings, $pathAndQueryOnly);
        } catch (JwtException $e) {
            http_response_code(403);
            return $e;
        }
        $serve();
        return null;
    }

    /**
     * The name of the header Docs puts its outbox token in (`token.outbox.header`).
     *
     *   $auth = $request->headers->get(CallbackHandler::headerName($settings)); // "Authorization" by default
     */
    public static function headerName(array|string $settings): string
    {
        $s = \is_string($settings) ? json_decode($settings, true) : $settings;
        return \is_string($s['outbox']['header'] ?? null) ? $s['outbox']['header'] : 'Authorization';
    }

    /**
     * This request's absolute URL from $_SERVER. Debian's nginx passes HTTP_HOST without the port
     * (`$host`), so a Host without one gets SERVER_PORT unless that is the scheme's default.
     *
     *   CallbackHandler::requestUrl(); // "http://127.0.0.1:8080/files/doc.docx?v=2"
     */
    public static function requestUrl(): string
    {
        $https = ($_SERVER['HTTPS'] ?? '') !== '' && $_SERVER['HTTPS'] !== 'off';
        $host = (string) ($_SERVER['HTTP_HOST'] ?? $_SERVER['SERVER_NAME'] ?? '');
        $port = (string) ($_SERVER['SERVER_PORT'] ?? '');
        if (!preg_match('/:\d+$/', $host) && $port !== '' && $port !== ($https ? '443' : '80')) {
            $host .= ":$port";
        }
        return ($https ? 'https' : 'http') . "://$host" . ($_SERVER['REQUEST_URI'] ?? '/');
    }

    /** The value of the settings' outbox header in this request ($_SERVER), or null. */
    private static function header(array|string $settings): ?string
    {
        $name = self::headerName($settings);
        $v = $_SERVER['HTTP_' . strtoupper(strtr($name, '-', '_'))] ?? null;
        if ($v === null && strcasecmp($name, 'Authorization') === 0) {
            $v = $_SERVER['REDIRECT_HTTP_AUTHORIZATION'] ?? null; // Apache's CGI/FPM setups rename it
        }
        return \is_string($v) ? $v : null;
    }
}
