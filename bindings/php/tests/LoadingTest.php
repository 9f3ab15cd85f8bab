<?php

declare(strict_types=1);

namespace OoJwt\Tests;

use OoJwt\Jwt;
use PHPUnit\Framework\TestCase;

/** How the library is found: $OO_JWT_LIB, lib/ next to the package, a preloaded FFI scope. */
final class LoadingTest extends TestCase
{
    private const SCRIPT = <<<'PHP'
        require $argv[1] . '/src/Abi.php';
        require $argv[1] . '/src/JwtException.php';
        require $argv[1] . '/src/Jwt.php';
        if (isset($argv[2])) { putenv('OO_JWT_LIB=' . $argv[2]); }
        try {
            echo OoJwt\Jwt::sign(['a' => 1], 'k'), "\n";
            echo json_encode(OoJwt\Jwt::verify(OoJwt\Jwt::sign(['a' => 1], 'k'), 'k')), "\n";
        } catch (Throwable $e) {
            echo get_class($e), ': ', $e->getMessage(), "\n";
        }
        PHP;

    private static string $tmp;

    public static function setUpBeforeClass(): void
    {
        self::$tmp = sys_get_temp_dir() . '/oo-jwt-php-pkg-' . getmypid();
        $root = \dirname(__DIR__);
        foreach (['src/Abi.php', 'src/Jwt.php', 'src/JwtException.php', 'ffi/oo_jwt.h', 'preload.php', 'bin/oo-jwt-ffi-header'] as $f) {
            @mkdir(\dirname(self::$tmp . "/$f"), 0755, true);
            copy("$root/$f", self::$tmp . "/$f");
            chmod(self::$tmp . "/$f", 0755);
        }
        // a request of a web application (run by php-cgi below)
        file_put_contents(self::$tmp . '/req.php', <<<'PHP'
            <?php
            putenv('OO_JWT_LIB=/nonexistent/liboo_jwt.so');
            echo class_exists('OoJwt\Jwt', false) ? "preloaded\n" : "not preloaded\n";
            if (!class_exists('OoJwt\Jwt', false)) {
                require __DIR__ . '/src/Abi.php';
                require __DIR__ . '/src/JwtException.php';
                require __DIR__ . '/src/Jwt.php';
            }
            try {
                echo OoJwt\Jwt::sign(['a' => 1], 'k'), "\n";
                echo json_encode(OoJwt\Jwt::verify(OoJwt\Jwt::sign(['a' => 1], 'k'), 'k')), "\n";
            } catch (Throwable $e) {
                echo get_class($e), ': ', $e->getMessage(), "\n";
            }
            PHP);
        chmod(self::$tmp, 0755);
        chmod(self::$tmp . '/req.php', 0644);
    }

    public static function tearDownAfterClass(): void
    {
        exec('rm -rf ' . escapeshellarg(self::$tmp));
    }

    /** Runs a PHP binary in a child with the given environment changes (null removes a variable). */
    private function php(array $args, array $env = [], array $ini = [], string $binary = PHP_BINARY, array $prefix = [], ?string $cwd = null): string
    {
        $vars = array_filter(array_merge(getenv(), $env), fn ($v) => $v !== null);
        $cmd = array_merge($prefix, [$binary]);
        foreach ($ini as $k => $v) {
            array_push($cmd, '-d', "$k=$v");
        }
        $p = proc_open(array_merge($cmd, $args), [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, $cwd, $vars);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        proc_close($p);
        return trim($out . $err);
    }

    private function lib(): string
    {
        $lib = getenv('OO_JWT_LIB');
        $this->assertIsString($lib, 'the suite runs with OO_JWT_LIB set (make test)');
        $this->assertFileExists($lib);
        return $lib;
    }

    public function testOoJwtLibWins(): void
    {
        $out = $this->php(['-r', self::SCRIPT, self::$tmp], ['OO_JWT_LIB' => $this->lib()]);
        $this->assertSame(Hs256::sign('{"a":1}', 'k') . "\n" . '{"a":1}', $out);
    }

    public function testLibraryNextToThePackage(): void
    {
        @mkdir(self::$tmp . '/lib');
        copy($this->lib(), self::$tmp . '/lib/liboo_jwt.so');
        try {
            $out = $this->php(['-r', self::SCRIPT, self::$tmp], ['OO_JWT_LIB' => null]);
            $this->assertSame(Hs256::sign('{"a":1}', 'k') . "\n" . '{"a":1}', $out);
        } finally {
            unlink(self::$tmp . '/lib/liboo_jwt.so');
        }
    }

    /**
     * A package carrying several platforms (dist/php): lib/<os>-<arch>[-musl]/ for this PHP. A glibc
     * PHP must not take the musl library because musl's loader is installed on the machine (the
     * platform tooling installs musl-tools): the musl slot here is not a library, so taking it fails.
     */
    public function testPerPlatformLibraryOfThisPhp(): void
    {
        if (PHP_OS_FAMILY !== 'Linux' || str_contains((string) @file_get_contents('/proc/self/maps'), '/ld-musl-')) {
            $this->markTestSkipped('checks a glibc Linux PHP');
        }
        $arch = strtolower(php_uname('m'));
        $arch = ['amd64' => 'x86_64', 'arm64' => 'aarch64'][$arch] ?? $arch;
        $pkg = self::$tmp . '/multi';
        @mkdir("$pkg/lib/linux-$arch", 0755, true);
        @mkdir("$pkg/lib/linux-$arch-musl", 0755, true);
        foreach (['src', 'ffi'] as $d) {
            exec('cp -r ' . escapeshellarg(self::$tmp . "/$d") . ' ' . escapeshellarg($pkg));
        }
        copy($this->lib(), "$pkg/lib/linux-$arch/liboo_jwt.so");
        file_put_contents("$pkg/lib/linux-$arch-musl/liboo_jwt.so", 'not a library');
        $out = $this->php(['-r', self::SCRIPT . 'echo OoJwt\Jwt::libraryPath(), "\n";', $pkg], ['OO_JWT_LIB' => null]);
        $this->assertSame(Hs256::sign('{"a":1}', 'k') . "\n" . '{"a":1}' . "\n$pkg/lib/linux-$arch/liboo_jwt.so", $out);
        // Without this platform's library: the error lists both paths searched and the fix.
        unlink("$pkg/lib/linux-$arch/liboo_jwt.so");
        $out = $this->php(['-r', self::SCRIPT, $pkg], ['OO_JWT_LIB' => null]);
        $this->assertStringContainsString("searched: $pkg/lib/linux-$arch/liboo_jwt.so, $pkg/lib/liboo_jwt.so", $out);
        $this->assertStringContainsString('composer reinstall oo-jwt/oo-jwt', $out);
    }

    public function testMissingLibraryIsAClearError(): void
    {
        $out = $this->php(['-r', self::SCRIPT, self::$tmp], ['OO_JWT_LIB' => null]);
        $this->assertStringStartsWith('RuntimeException: oo-jwt: cannot load ' . self::$tmp . '/lib/liboo_jwt.so', $out);
        $this->assertStringContainsString('OO_JWT_LIB', $out);
    }

    /**
     * php-cgi stands for PHP-FPM here: a server SAPI where ffi.enable=preload forbids FFI outside
     * preloaded code (the CLI is always allowed). The request sets OO_JWT_LIB to a path that does not
     * exist, so only the preloaded scope can work.
     */
    private function cgi(array $ini, bool $asUnprivileged = false): string
    {
        $cgi = trim((string) shell_exec('command -v php-cgi'));
        $this->assertNotSame('', $cgi, 'php-cgi is installed by make test (Debian php-cgi)');
        $prefix = [];
        if ($asUnprivileged && \function_exists('posix_geteuid') && posix_geteuid() === 0) {
            $prefix = ['runuser', '-u', 'nobody', '--'];
        }
        // a copy that the unprivileged user can read whatever the checkout's permissions
        $lib = self::$tmp . '/cgi-lib/liboo_jwt.so';
        if (!is_file($lib)) {
            @mkdir(\dirname($lib), 0755);
            copy($this->lib(), $lib);
            chmod($lib, 0755);
        }
        return $this->php(['-q', self::$tmp . '/req.php'], ['OO_JWT_LIB' => $lib], ['ffi.enable' => 'preload'] + $ini, $cgi, $prefix);
    }

    public function testServerSapiWithoutPreloadIsRefusedWithAPointerToTheReadme(): void
    {
        $out = $this->cgi([]);
        $this->assertStringContainsString('RuntimeException: oo-jwt: cannot load /nonexistent/liboo_jwt.so', $out);
        $this->assertStringContainsString('ffi.enable', $out);
        $this->assertStringContainsString('README, PHP-FPM', $out);
    }

    /** README, PHP-FPM, master not root: opcache.preload=preload.php alone (FFI::load in preload). */
    public function testOpcachePreloadRegistersTheScope(): void
    {
        $out = $this->cgi(['opcache.enable' => '1', 'opcache.preload' => self::$tmp . '/preload.php'], true);
        $this->assertSame(self::expected(), $out);
    }

    /** README, PHP-FPM, master root: opcache.preload + opcache.preload_user + ffi.preload header. */
    public function testFfiPreloadHeaderWithPreloadUser(): void
    {
        $header = self::$tmp . '/oo_jwt-ffi.h';
        $this->cgi([]); // makes the readable copy of the library
        $lib = self::$tmp . '/cgi-lib/liboo_jwt.so';
        file_put_contents($header, $this->php([self::$tmp . '/bin/oo-jwt-ffi-header', $lib]) . "\n");
        $this->assertStringStartsWith("#define FFI_SCOPE \"OO_JWT\"\n#define FFI_LIB \"" . realpath($lib) . "\"\n", file_get_contents($header));
        $ini = ['opcache.enable' => '1', 'opcache.preload' => self::$tmp . '/preload.php', 'ffi.preload' => $header];
        if (\function_exists('posix_geteuid') && posix_geteuid() === 0) {
            $ini['opcache.preload_user'] = 'nobody';
            // FFI::load is refused with preload_user: that is why the README uses ffi.preload then
            $out = $this->cgi(array_diff_key($ini, ['ffi.preload' => 1]));
            $this->assertStringContainsString('ffi.preload', $out);
        }
        $this->assertSame(self::expected(), $this->cgi($ini));
    }

    private static function expected(): string
    {
        return "preloaded\n" . Hs256::sign('{"a":1}', 'k') . "\n" . '{"a":1}';
    }

    /** bindings/php/xsign, the cross-language hook of docs/bindings.md. */
    public function testXsignHook(): void
    {
        $xsign = \dirname(__DIR__) . '/xsign';
        $this->assertTrue(is_executable($xsign));
        $token = $this->php([$xsign, 'sign', 'sec ret', '{"key":"k","status":2}']);
        $this->assertSame(Hs256::sign('{"key":"k","status":2}', 'sec ret'), $token);
        $this->assertSame('{"key":"k","status":2}', $this->php([$xsign, 'verify', 'sec ret', $token]));
        $this->assertSame('error: bad_signature', $this->php([$xsign, 'verify', 'secret', $token]));
        $p = proc_open([$xsign, 'verify', 'secret', 'a.b'], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $this->assertSame('', stream_get_contents($pipes[1]));
        $this->assertSame("error: malformed\n", stream_get_contents($pipes[2]));
        $this->assertSame(1, proc_close($p));
    }

    /** README.md's usage example, run as an application would (vendor/autoload.php, assertions on). */
    public function testReadmeExample(): void
    {
        $readme = (string) file_get_contents(\dirname(__DIR__) . '/README.md');
        $this->assertSame(1, preg_match('/```php\n(<\?php \/\/ readme-example.*?)```/s', $readme, $m));
        $app = self::$tmp . '/app';
        @mkdir("$app/vendor", 0755, true);
        file_put_contents("$app/vendor/autoload.php", "<?php require '" . __DIR__ . "/bootstrap.php';\n");
        file_put_contents("$app/example.php", $m[1]);
        $out = $this->php(['example.php'], ['OO_JWT_LIB' => $this->lib()], ['zend.assertions' => '1', 'assert.exception' => '1'], PHP_BINARY, [], $app);
        $this->assertSame('readme example: ok', $out);
    }

    public function testGeneratedDeclarationsMatchTheHeader(): void
    {
        $out = $this->php([\dirname(__DIR__) . '/scripts/gen-ffi.php', '--check']);
        $this->assertStringContainsString('match', $out);
    }
}
