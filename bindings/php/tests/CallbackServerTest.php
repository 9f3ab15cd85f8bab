<?php

declare(strict_types=1);

namespace OoJwt\Tests;

use OoJwt\Jwt;
use PHPUnit\Framework\TestCase;

/**
 * End to end: tests/server/router.php (CallbackHandler's plain-PHP adapters and the PSR-7 adapter)
 * under a real server on loopback — `php -S`, and Debian's php-fpm behind nginx — with the FFI
 * set up as README's PHP-FPM section says (ffi.preload + opcache.preload), driven by
 * `oo-jwt docs-sim session`. A second server whose settings have another outbox secret must make
 * the session fail.
 */
final class CallbackServerTest extends TestCase
{
    private const DEADLINE = 30.0; // seconds for a server to accept connections (polled, not slept)

    private static string $root;
    private static string $tmp;
    private static string $cli;
    /** @var list<array{0: resource, 1: string}> running servers (process, name), stopped in every path */
    private static array $procs = [];

    public static function setUpBeforeClass(): void
    {
        self::$root = \dirname(__DIR__, 3);
        self::$cli = (string) getenv('OO_JWT_CLI') ?: self::$root . '/target/release/oo-jwt';
        self::$tmp = sys_get_temp_dir() . '/oo-jwt-php-e2e-' . getmypid();
        @mkdir(self::$tmp, 0755, true);
        file_put_contents(self::$tmp . '/ffi.h', Jwt::scopedHeader());
        // tearDown stops the servers after a failure; this, after a fatal error in the suite.
        register_shutdown_function(static function (): void {
            foreach (self::$procs as [$proc]) {
                self::stop($proc);
            }
        });
        $local = json_decode((string) file_get_contents(self::fixture()), true);
        $local['services']['CoAuthoring']['secret']['outbox']['string'] = 'a-different-outbox-secret-0123456789';
        file_put_contents(self::$tmp . '/wrong-outbox.json', json_encode($local));
    }

    public static function tearDownAfterClass(): void
    {
        exec('rm -rf ' . escapeshellarg(self::$tmp));
    }

    protected function tearDown(): void
    {
        self::stopAll();
    }

    /** Stops every server this test started, last started first. */
    private static function stopAll(): void
    {
        foreach (array_reverse(self::$procs) as [$proc]) {
            self::stop($proc);
        }
        self::$procs = [];
    }

    private static function fixture(): string
    {
        return self::$root . '/tests/fixtures/integration/local.json';
    }

    /** php.ini settings of README's PHP-FPM section, for a master running as root or not. */
    private static function ffiIni(): array
    {
        $user = posix_getpwuid(posix_geteuid())['name'];
        return [
            'ffi.enable' => 'preload',
            'ffi.preload' => self::$tmp . '/ffi.h',
            'opcache.enable' => '1',
            'opcache.preload' => \dirname(__DIR__) . '/preload.php',
            'opcache.preload_user' => $user,
        ];
    }

    /** Starts `php -S` on a free port with `$script` as its router; returns the port. */
    private function phpServer(string $script, array $env): int
    {
        return $this->start('php -S', function (int $port) use ($script, $env): array {
            $cmd = [PHP_BINARY];
            foreach (self::ffiIni() as $k => $v) {
                array_push($cmd, '-d', "$k=$v");
            }
            array_push($cmd, '-S', "127.0.0.1:$port", $script);
            return [$cmd, $env];
        });
    }

    public function testPhpBuiltinServer(): void
    {
        foreach ([self::fixture() => true, self::$tmp . '/wrong-outbox.json' => false] as $config => $good) {
            $log = self::$tmp . '/builtin-' . ($good ? 'good' : 'wrong') . '.log';
            $port = $this->phpServer(\dirname(__DIR__) . '/tests/server/router.php', ['OO_JWT_TEST_CONFIG' => $config, 'OO_JWT_TEST_LOG' => $log]);
            $this->drive($port, $log, $good, 'php -S');
        }
    }

    /** README's integration example, as written there, served by `php -S` and driven by docs-sim. */
    public function testReadmeIntegrationExample(): void
    {
        $readme = (string) file_get_contents(\dirname(__DIR__) . '/README.md');
        self::assertSame(1, preg_match('/```php\n(<\?php \/\/ readme-integration.*?)```/s', $readme, $m));
        foreach ([self::fixture() => true, self::$tmp . '/wrong-outbox.json' => false] as $config => $good) {
            $app = self::$tmp . '/readme-' . ($good ? 'good' : 'wrong');
            @mkdir("$app/vendor", 0755, true);
            @mkdir("$app/storage", 0755, true);
            file_put_contents("$app/vendor/autoload.php", "<?php require '" . __DIR__ . "/bootstrap.php';\n");
            file_put_contents("$app/service.php", $m[1]);
            file_put_contents("$app/storage/doc.docx", "PK\x03\x04 the document Docs opens\n");
            $port = $this->phpServer("$app/service.php", ['DOCS_LOCAL_JSON' => $config, 'STORAGE_DIR' => "$app/storage"]);
            [$rc, $out, $err] = self::runCommand(['timeout', '-k', '5', '120', self::$cli, 'docs-sim', 'session', '--config', self::fixture(),
                '--callback-url', "http://127.0.0.1:$port/callback", '--file-url', "http://127.0.0.1:$port/files/doc.docx", '--json']);
            $report = json_decode($out, true);
            $what = 'README example: ' . ($report === null ? "stdout $out stderr $err" : self::failures($report));
            self::assertIsArray($report, $what);
            $saved = array_map('basename', glob("$app/storage/*") ?: []);
            sort($saved);
            if (!$good) {
                self::assertNotSame(0, $rc, $what);
                self::assertGreaterThan(10, $report['failed'], $what);
                self::assertSame(['doc.docx'], $saved, "$what: saved with the wrong secret");
                self::stopAll();
                continue;
            }
            self::assertSame(0, $rc, $what);
            self::assertSame(0, $report['failed'], $what);
            // Saved on status 2 (and 6) of the main key and of the long-history key, never the forged one.
            self::assertCount(3, $saved, "$what: " . implode(' ', $saved));
            self::assertCount(1, preg_grep('/-long\.docx$/', $saved), implode(' ', $saved));
            self::assertSame([], preg_grep('/forged/', $saved), implode(' ', $saved));
            foreach ($saved as $f) {
                self::assertGreaterThan(0, filesize("$app/storage/$f"), $f);
            }
            self::assertStringContainsString('the handler fetched url', $out, 'docs-sim saw no download of url');
            self::stopAll();
        }
    }

    public function testPhpFpmBehindNginx(): void
    {
        $v = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
        $fpm = self::which(["php-fpm$v", "/usr/sbin/php-fpm$v", 'php-fpm']);
        $nginx = self::which(['nginx', '/usr/sbin/nginx']);
        self::assertNotNull($fpm, 'php-fpm is not installed (make -C bindings/php deps installs it)');
        self::assertNotNull($nginx, 'nginx is not installed (make -C bindings/php deps installs it)');
        $root = posix_geteuid() === 0;
        $user = posix_getpwuid(posix_geteuid())['name'];
        $group = posix_getgrgid(posix_getegid())['name'];
        foreach ([self::fixture() => true, self::$tmp . '/wrong-outbox.json' => false] as $config => $good) {
            $name = 'fpm-' . ($good ? 'good' : 'wrong');
            $dir = self::$tmp . "/$name";
            @mkdir($dir, 0755, true);
            $log = "$dir/callbacks.log";
            $fpmPort = $this->start('php-fpm', function (int $port) use ($fpm, $dir, $config, $log, $root, $user, $group): array {
                $conf = "[global]\npid = $dir/fpm.pid\nerror_log = $dir/fpm.log\ndaemonize = no\n"
                    . "[app]\n" . ($root ? "user = $user\ngroup = $group\n" : '')
                    . "listen = 127.0.0.1:$port\npm = static\npm.max_children = 2\nclear_env = yes\n"
                    . "env[OO_JWT_TEST_CONFIG] = $config\nenv[OO_JWT_TEST_LOG] = $log\n"
                    . "catch_workers_output = yes\nphp_admin_value[error_log] = $dir/php-errors.log\n";
                file_put_contents("$dir/php-fpm.conf", $conf);
                $cmd = [$fpm, '-y', "$dir/php-fpm.conf"];
                if ($root) {
                    $cmd[] = '-R';
                }
                foreach (self::ffiIni() as $k => $v) {
                    array_push($cmd, '-d', "$k=$v");
                }
                return [$cmd, []];
            });
            $router = \dirname(__DIR__) . '/tests/server/router.php';
            $port = $this->start('nginx', function (int $port) use ($nginx, $dir, $fpmPort, $router, $root, $user, $group): array {
                $temp = '';
                foreach (['client_body', 'fastcgi', 'proxy', 'uwsgi', 'scgi'] as $t) {
                    $temp .= "  {$t}_temp_path $dir/$t;\n";
                }
                file_put_contents("$dir/nginx.conf", ($root ? "user $user $group;\n" : '')
                    . "worker_processes 1;\ndaemon off;\npid $dir/nginx.pid;\nerror_log $dir/nginx-error.log;\n"
                    . "events { worker_connections 64; }\nhttp {\n  access_log off;\n$temp"
                    . "  server {\n    listen 127.0.0.1:$port;\n    location / {\n"
                    . "      include /etc/nginx/fastcgi_params;\n      fastcgi_param SCRIPT_FILENAME $router;\n"
                    . "      fastcgi_pass 127.0.0.1:$fpmPort;\n    }\n  }\n}\n");
                return [[$nginx, '-e', "$dir/nginx-error.log", '-c', "$dir/nginx.conf"], []];
            });
            $this->drive($port, $log, $good, 'php-fpm + nginx');
            self::stopAll();
        }
    }

    /**
     * Runs the docs-sim session against both adapters of the server on `$port` and checks the
     * outcome, and the callbacks the handler received.
     */
    private function drive(int $port, string $log, bool $good, string $server): void
    {
        foreach (['plain' => '', 'psr7' => '/psr7'] as $adapter => $prefix) {
            $base = "http://127.0.0.1:$port$prefix";
            [$rc, $out, $err] = self::runCommand(['timeout', '-k', '5', '120', self::$cli, 'docs-sim', 'session',
                '--config', self::fixture(), '--callback-url', "$base/callback", '--file-url', "$base/files/doc.docx", '--json']);
            $report = json_decode($out, true);
            $what = "$server, $adapter adapter: " . ($report === null ? "stdout $out stderr $err" : self::failures($report));
            self::assertIsArray($report, $what);
            $received = array_values(array_filter(self::received($log), fn ($c) => $c['adapter'] === $adapter));
            if (!$good) {
                // The handler holds another outbox secret: every callback and the download refused.
                self::assertNotSame(0, $rc, $what);
                self::assertGreaterThan(10, $report['failed'], $what);
                self::assertSame([], $received, "$what: callbacks accepted with the wrong secret");
                continue;
            }
            self::assertSame(0, $rc, $what);
            self::assertSame(0, $report['failed'], $what);
            self::assertGreaterThanOrEqual(14, $report['passed'], $what);
            $statuses = array_values(array_unique(array_column($received, 'status')));
            sort($statuses);
            self::assertSame([1, 2, 3, 4, 6, 7], $statuses, $what);
            foreach ($received as $c) {
                self::assertStringEndsNotWith('-forged', $c['key'], "$what: the forged callback reached on_callback");
            }
            $forced = array_values(array_filter($received, fn ($c) => $c['status'] === 6));
            self::assertSame(1, $forced[0]['forcesavetype'], $what);
            self::assertNotNull($forced[0]['userdata'], $what);
            // The long history: its header token was cut, so changesurl and the 120 changes came
            // from the body token only.
            $long = array_values(array_filter($received, fn ($c) => str_ends_with($c['key'], '-long')));
            self::assertCount(1, $long, $what);
            self::assertSame(2, $long[0]['status'], $what);
            self::assertStringContainsString('/changes.zip', (string) $long[0]['changesurl'], $what);
            self::assertSame(120, $long[0]['history_changes'], $what);
        }
    }

    private static function failures(array $report): string
    {
        $failed = array_filter($report['steps'] ?? [], fn ($s) => !$s['ok']);
        return ($report['passed'] ?? '?') . ' passed, ' . ($report['failed'] ?? '?') . ' failed'
            . implode('', array_map(fn ($s) => "\n  {$s['step']} {$s['name']}: {$s['detail']}", $failed));
    }

    /** @return list<array> the callbacks the router recorded */
    private static function received(string $log): array
    {
        $lines = is_file($log) ? file($log, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) : [];
        return array_map(fn ($l) => json_decode($l, true, 512, JSON_THROW_ON_ERROR), $lines);
    }

    /**
     * Starts a server on a free loopback port (probed with port 0; a server that loses the port
     * to another process exits, and is started again on a new one) and waits until it accepts
     * connections. Returns the port.
     *
     * @param callable(int): array{0: list<string>, 1: array<string, string>} $command
     */
    private function start(string $name, callable $command): int
    {
        for ($attempt = 1; ; $attempt++) {
            $probe = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
            self::assertNotFalse($probe, "no free port: $errstr");
            $port = (int) substr(strrchr((string) stream_socket_get_name($probe, false), ':'), 1);
            fclose($probe);
            [$cmd, $env] = $command($port);
            $out = self::$tmp . '/' . preg_replace('/\W+/', '-', $name) . "-$port.out";
            $proc = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', $out, 'a']],
                $pipes, null, $env + getenv());
            self::assertIsResource($proc, "cannot start $name");
            self::$procs[] = [$proc, $name];
            $until = microtime(true) + self::DEADLINE;
            while (microtime(true) < $until) {
                if (!proc_get_status($proc)['running']) {
                    break;
                }
                $conn = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 1.0);
                if ($conn !== false) {
                    fclose($conn);
                    return $port;
                }
                usleep(20_000);
            }
            $output = (string) @file_get_contents($out);
            array_pop(self::$procs);
            self::stop($proc);
            self::assertLessThan(3, $attempt, "$name did not start on 127.0.0.1:$port:\n$output");
        }
    }

    /** Stops a server started by start() (SIGTERM, then SIGKILL if it lingers) and reaps it. */
    private static function stop($proc): void
    {
        $status = proc_get_status($proc);
        if ($status['running']) {
            proc_terminate($proc, 15);
            $until = microtime(true) + 10.0;
            while (proc_get_status($proc)['running'] && microtime(true) < $until) {
                usleep(20_000);
            }
            if (proc_get_status($proc)['running']) {
                proc_terminate($proc, 9);
            }
        }
        proc_close($proc);
    }

    /** @return array{0: int, 1: string, 2: string} exit status, stdout, stderr */
    private static function runCommand(array $cmd): array
    {
        $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        self::assertIsResource($p);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($p), (string) $out, (string) $err];
    }

    private static function which(array $names): ?string
    {
        foreach ($names as $n) {
            $path = str_contains($n, '/') ? $n : trim((string) shell_exec('command -v ' . escapeshellarg($n) . ' 2>/dev/null'));
            if ($path !== '' && is_executable($path)) {
                return $path;
            }
        }
        return null;
    }
}
