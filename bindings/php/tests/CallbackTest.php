<?php

declare(strict_types=1);

namespace OoJwt\Tests;

use OoJwt\Abi;
use OoJwt\Callback;
use OoJwt\CallbackHandler;
use OoJwt\CallbackStatus;
use OoJwt\ForceSaveType;
use OoJwt\Jwt;
use OoJwt\JwtException;
use PHPUnit\Framework\TestCase;

/** The neutral callback call, the typed callback, the answer helper and the download check, without a server. */
final class CallbackTest extends TestCase
{
    private const OUTBOX = 'it-outbox-secret-0123456789abcdef';
    private const INBOX = 'it-inbox-secret-0123456789abcdef';
    private static array $settings;
    private static string $tmp;

    public static function setUpBeforeClass(): void
    {
        self::$settings = Jwt::loadConfig(\dirname(__DIR__, 3) . '/tests/fixtures/integration/local.json');
        self::$tmp = sys_get_temp_dir() . '/oo-jwt-php-callback-' . getmypid();
        @mkdir(self::$tmp, 0700, true);
    }

    public static function tearDownAfterClass(): void
    {
        array_map('unlink', glob(self::$tmp . '/*') ?: []);
        @rmdir(self::$tmp);
    }

    private static function config(array $token): array
    {
        $path = self::$tmp . '/local-' . md5(serialize($token)) . '.json';
        file_put_contents($path, json_encode(['services' => ['CoAuthoring' => [
            'secret' => ['inbox' => ['string' => self::INBOX], 'outbox' => ['string' => self::OUTBOX]],
            'token' => ['enable' => ['request' => ['inbox' => true, 'outbox' => true]]] + $token,
        ]]]));
        return Jwt::loadConfig($path);
    }

    private static function refusal(callable $call): JwtException
    {
        try {
            $call();
        } catch (JwtException $e) {
            return $e;
        }
        self::fail('no JwtException');
    }

    public function testBodyTokenIsTypedFromTheVerifiedParameters(): void
    {
        $fields = [
            'key' => 'k1', 'status' => 6, 'url' => 'http://docs/out.docx', 'changesurl' => 'http://docs/changes.zip',
            'history' => ['serverVersion' => '8.2', 'changes' => [['user' => ['id' => 'u1']]]],
            'users' => ['u1'], 'actions' => [['type' => 2, 'userid' => 'u1']], 'forcesavetype' => 1,
            'filetype' => 'docx', 'userdata' => 'mine', 'lastsave' => '2026-12-07T10:00:00.000Z',
        ];
        $body = Jwt::signRequest($fields, self::OUTBOX);
        // An unsigned member beside the token is not what Docs signed: never used.
        $body = json_encode(['url' => 'http://attacker/evil.docx'] + json_decode($body, true));
        foreach ([self::$settings, json_encode(self::$settings)] as $settings) {
            $cb = CallbackHandler::handle($body, null, $settings);
            self::assertSame('k1', $cb->key);
            self::assertSame(CallbackStatus::ForceSave, $cb->status);
            self::assertSame(6, $cb->statusCode());
            self::assertSame('http://docs/out.docx', $cb->url);
            self::assertSame('http://docs/changes.zip', $cb->changesUrl);
            self::assertSame($fields['history'], $cb->history);
            self::assertSame(['u1'], $cb->users);
            self::assertSame($fields['actions'], $cb->actions);
            self::assertSame(ForceSaveType::Button, $cb->forceSaveType);
            self::assertSame('docx', $cb->fileType);
            self::assertSame('mine', $cb->userData);
            self::assertSame('2026-12-07T10:00:00.000Z', $cb->params['lastsave']);
        }
    }

    public function testHeaderTokenAndAbsentMembers(): void
    {
        $token = Jwt::sign(['payload' => ['key' => 'k2', 'status' => 1, 'users' => ['u1']]], self::OUTBOX);
        // The unsigned body says status 2: the header token's status 1 is what counts.
        $cb = CallbackHandler::handle('{"key":"k2","status":2}', "Bearer $token", self::$settings);
        self::assertSame(CallbackStatus::Editing, $cb->status);
        self::assertSame(['u1'], $cb->users);
        foreach (['url', 'changesUrl', 'history', 'actions', 'forceSaveType', 'fileType', 'userData'] as $absent) {
            self::assertNull($cb->$absent, $absent);
        }
    }

    public function testUnknownNumbersStayNumbers(): void
    {
        $cb = CallbackHandler::handle(Jwt::signRequest(['key' => 'k', 'status' => 9, 'forcesavetype' => 7], self::OUTBOX), null, self::$settings);
        self::assertSame(9, $cb->status);
        self::assertSame(9, $cb->statusCode());
        self::assertSame(7, $cb->forceSaveType);
        foreach ([1 => CallbackStatus::Editing, 2 => CallbackStatus::ReadyForSaving, 3 => CallbackStatus::SaveError,
            4 => CallbackStatus::ClosedNoChanges, 6 => CallbackStatus::ForceSave, 7 => CallbackStatus::ForceSaveError] as $n => $case) {
            self::assertSame($case, Callback::fromParams(['key' => 'k', 'status' => $n])->status);
        }
        foreach ([0 => ForceSaveType::Command, 1 => ForceSaveType::Button, 2 => ForceSaveType::Timer, 3 => ForceSaveType::FormSubmission] as $n => $case) {
            self::assertSame($case, Callback::fromParams(['key' => 'k', 'status' => 6, 'forcesavetype' => $n])->forceSaveType);
        }
    }

    public function testRefusalsAndTheirAnswers(): void
    {
        $cases = [
            // [body, authorization, error name, HTTP status]
            [Jwt::signRequest(['key' => 'k', 'status' => 2], self::INBOX), null, 'bad_signature', 403],
            [Jwt::signRequest(['key' => 'k', 'status' => 2], self::OUTBOX, expiresIn: 10, now: 1_000_000), null, 'expired', 403],
            ['{"key":"k","status":2}', null, 'missing_token', 403],
            ['{"key":"k","status":2,"token":"not.a.jwt"}', null, 'malformed', 403],
            ['not json', null, 'invalid_json', 400],
            [Jwt::signRequest(['status' => 2], self::OUTBOX), null, 'invalid_json', 400],
            [Jwt::signRequest(['key' => 'k'], self::OUTBOX), null, 'invalid_json', 400],
            [Jwt::signRequest(['key' => 'k', 'status' => '2'], self::OUTBOX), null, 'invalid_json', 400],
            [Jwt::signRequest(['key' => 7, 'status' => 2], self::OUTBOX), null, 'invalid_json', 400],
            [Jwt::signRequest(['key' => 'k', 'status' => 2, 'url' => ['x']], self::OUTBOX), null, 'invalid_json', 400],
        ];
        foreach ($cases as $i => [$body, $auth, $name, $http]) {
            $e = self::refusal(fn () => CallbackHandler::handle($body, $auth, self::$settings));
            self::assertSame($name, $e->getErrorName(), "case $i: " . $e->getMessage());
            self::assertSame([$http, '{"error":1}'], CallbackHandler::answer($e), "case $i");
            $called = false;
            self::assertSame([$http, '{"error":1}'], CallbackHandler::respond($body, $auth, self::$settings, function () use (&$called): void {
                $called = true;
            }, $failure), "case $i");
            self::assertFalse($called, "case $i: on_callback called for a refused callback");
            self::assertSame($name, $failure->getErrorName());
        }
        // The integrator's own code, or settings that are not settings: 500.
        self::assertSame([500, '{"error":1}'], CallbackHandler::answer(new \RuntimeException('disk full')));
        $e = self::refusal(fn () => CallbackHandler::handle(Jwt::signRequest(['key' => 'k', 'status' => 2], self::OUTBOX), null, '{"outbox":1}'));
        self::assertSame(500, CallbackHandler::answer($e)[0], $e->getMessage());
        self::assertSame([200, '{"error":0}'], CallbackHandler::answer());
    }

    public function testRespondCallsTheSaveCodeAndAnswers500WhenItFails(): void
    {
        $body = Jwt::signRequest(['key' => 'k', 'status' => 2, 'url' => 'http://docs/out.docx'], self::OUTBOX);
        $seen = null;
        self::assertSame([200, '{"error":0}'], CallbackHandler::respond($body, null, self::$settings, function (Callback $cb) use (&$seen): void {
            $seen = $cb;
        }, $failure));
        self::assertNull($failure);
        self::assertSame('http://docs/out.docx', $seen->url);
        $boom = new \RuntimeException('cannot write the file');
        self::assertSame([500, '{"error":1}'], CallbackHandler::respond($body, null, self::$settings, fn () => throw $boom, $failure));
        self::assertSame($boom, $failure);
        // A JwtException from the save code is still the save code failing, not a refused token.
        $jwtBoom = new JwtException('bad_signature', Abi::BAD_SIGNATURE, 'from the save code');
        self::assertSame([500, '{"error":1}'], CallbackHandler::respond($body, null, self::$settings, fn () => throw $jwtBoom));
    }

    public function testCheckDownload(): void
    {
        $url = 'http://storage.example/files/doc.docx?v=1';
        $auth = 'Bearer ' . Jwt::sign(['payload' => ['url' => $url]], self::OUTBOX);
        self::assertSame($url, CallbackHandler::checkDownload($auth, $url, self::$settings)['payload']['url']);
        self::assertSame('missing_token', self::refusal(fn () => CallbackHandler::checkDownload(null, $url, self::$settings))->getErrorName());
        self::assertSame('url_mismatch', self::refusal(fn () => CallbackHandler::checkDownload($auth, 'http://storage.example/files/other.docx', self::$settings))->getErrorName());
        $inboxAuth = 'Bearer ' . Jwt::sign(['payload' => ['url' => $url]], self::INBOX);
        self::assertSame('bad_signature', self::refusal(fn () => CallbackHandler::checkDownload($inboxAuth, $url, self::$settings))->getErrorName());
        // Behind a reverse proxy: only path and query compared.
        self::assertSame($url, CallbackHandler::checkDownload($auth, 'http://10.0.0.5:8080/files/doc.docx?v=1', self::$settings, pathAndQueryOnly: true)['payload']['url']);
        // Docs sends no token for an excluded URL: nothing to check.
        $excluding = self::config(['outbox' => ['urlExclusionRegex' => '/public/']]);
        self::assertNull(CallbackHandler::checkDownload(null, 'http://storage.example/public/doc.docx', $excluding));
        self::assertSame('missing_token', self::refusal(fn () => CallbackHandler::checkDownload(null, $url, $excluding))->getErrorName());
    }

    public function testHeaderNameAndRequestUrl(): void
    {
        self::assertSame('Authorization', CallbackHandler::headerName(self::$settings));
        $custom = self::config(['outbox' => ['header' => 'AuthorizationJwt']]);
        self::assertSame('AuthorizationJwt', CallbackHandler::headerName($custom));
        self::assertSame('AuthorizationJwt', CallbackHandler::headerName(json_encode($custom)));
        $saved = $_SERVER;
        try {
            $cases = [
                // [HTTPS, HTTP_HOST, SERVER_PORT, expected]
                ['', '127.0.0.1:8080', '8080', 'http://127.0.0.1:8080/files/a.docx?x=1'],
                ['', '127.0.0.1', '8080', 'http://127.0.0.1:8080/files/a.docx?x=1'], // Debian nginx's HTTP_HOST
                ['off', 'storage.example', '80', 'http://storage.example/files/a.docx?x=1'],
                ['on', 'storage.example', '443', 'https://storage.example/files/a.docx?x=1'],
                ['on', '[::1]', '8443', 'https://[::1]:8443/files/a.docx?x=1'],
            ];
            foreach ($cases as [$https, $host, $port, $expected]) {
                $_SERVER['HTTPS'] = $https;
                $_SERVER['HTTP_HOST'] = $host;
                $_SERVER['SERVER_PORT'] = $port;
                $_SERVER['REQUEST_URI'] = '/files/a.docx?x=1';
                self::assertSame($expected, CallbackHandler::requestUrl());
            }
        } finally {
            $_SERVER = $saved;
        }
    }
}
