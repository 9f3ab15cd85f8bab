<?php

declare(strict_types=1);

namespace OoJwt\Tests;

use OoJwt\Abi;
use OoJwt\Jwt;
use OoJwt\JwtException;
use PHPUnit\Framework\TestCase;

/**
 * Every returned buffer is copied and freed: calls (successes and failures, with and without
 * options) leave the C heap and PHP's heap where they were.
 *
 * The C heap is measured as glibc's bytes in use (mallinfo2: arenas and mmapped blocks) and PHP's
 * as memory_get_usage(), both after gc_collect_cycles(): neither the collector's timing, the
 * allocator's high-water mark (RSS) nor other processes move them. Two equal phases run after a
 * warm-up: a leak grows a heap linearly (phase 2 about as much as phase 1, at least the bytes the
 * calls returned); without one phase 2 grows by about nothing. The bound is a quarter of what a
 * leak of every returned buffer would add.
 */
final class MemoryTest extends TestCase
{
    private const PHASE = 300_000;
    private const WARMUP = 100_000;

    private static ?\FFI $libc = null;

    private static function libc(): \FFI
    {
        return self::$libc ??= \FFI::cdef(
            'struct mallinfo2 { size_t arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost; };
             struct mallinfo2 mallinfo2(void);
             void *malloc(size_t size);
             void free(void *p);',
            'libc.so.6'
        );
    }

    /** @return array{int, int} [C heap bytes in use, PHP heap bytes] after a collection */
    private static function heaps(): array
    {
        gc_collect_cycles();
        $m = self::libc()->mallinfo2();
        return [$m->uordblks + $m->hblkhd, memory_get_usage()];
    }

    public function testReturnedBuffersAreFreed(): void
    {
        $payload = ['key' => 'Khirz6zTPdfd7', 'status' => 2, 'url' => 'https://documentserver/cache/files/out.docx', 'users' => ['78e1e841']];
        $secret = 'outbox-secret';
        $token = Jwt::sign($payload, $secret);
        $bad = $token . 'x';
        $header = 'Bearer ' . Jwt::signRequest($payload, $secret, Jwt::PLACEMENT_HEADER, now: 1700000000);
        $opts = ['now' => 1700000100, 'algorithms' => [Abi::HS256, Abi::HS512], 'leeway' => 5];
        $errors = 0;
        $run = static function (int $n) use ($payload, $secret, $token, $bad, $header, $opts, &$errors): void {
            for ($i = 0; $i < $n; $i++) {
                switch ($i % 8) {
                    case 0: case 1: case 2:
                        Jwt::sign($payload, $secret);
                        break;
                    case 3: case 4:
                        Jwt::verify($token, $secret);
                        break;
                    case 5:
                        Jwt::verifyRequest(null, $header, $secret, ...$opts);
                        break;
                    case 6:
                        Jwt::decodeUnverified($token);
                        break;
                    default:
                        try {
                            Jwt::verify($bad, $secret, ...$opts);
                        } catch (JwtException $e) {
                            $errors++;
                        }
                }
            }
        };
        // What a leak of every returned buffer would add per phase: 3 tokens and 4 claims texts
        // (or more) per 8 calls.
        $claims = \strlen(Jwt::verifyJson($token, $secret)) + 1;
        $returned = intdiv(self::PHASE, 8) * (3 * (\strlen($token) + 1) + 4 * $claims);

        $run(self::WARMUP);
        [$c0, $p0] = self::heaps();
        $run(self::PHASE);
        [$c1, $p1] = self::heaps();
        $run(self::PHASE);
        [$c2, $p2] = self::heaps();
        $report = sprintf('C heap growth: phase 1 %d B, phase 2 %d B; PHP heap growth: phase 1 %d B, phase 2 %d B; '
            . '%d calls each; a leak adds >= %d B', $c1 - $c0, $c2 - $c1, $p1 - $p0, $p2 - $p1, self::PHASE, $returned);
        fwrite(STDERR, "\nMemoryTest: $report\n");
        $this->assertSame((self::WARMUP + 2 * self::PHASE) / 8, $errors);
        $this->assertLessThan(intdiv($returned, 4), $c2 - $c1, $report);
        $this->assertLessThan(intdiv($returned, 4), $p2 - $p1, $report);
    }

    /** Failures hand the caller their message (out_error): each one is freed too. */
    public function testErrorMessagesAreFreed(): void
    {
        $token = Jwt::sign(['key' => 'k'], 'secret');
        $detail = '';
        $run = static function (int $n) use ($token, &$detail): void {
            for ($i = 0; $i < $n; $i++) {
                try {
                    Jwt::verify($token, 'wrong');
                } catch (JwtException $e) {
                    $detail = $e->getDetail();
                }
            }
        };
        $run(self::WARMUP);
        $this->assertGreaterThan(10, \strlen($detail));
        $leak = intdiv(self::PHASE, 2) * (\strlen($detail) + 1);
        [$c0] = self::heaps();
        $run(intdiv(self::PHASE, 2));
        [$c1] = self::heaps();
        $run(intdiv(self::PHASE, 2));
        [$c2] = self::heaps();
        $report = sprintf('C heap growth: phase 1 %d B, phase 2 %d B over %d failures each; a leak adds >= %d B', $c1 - $c0, $c2 - $c1, intdiv(self::PHASE, 2), $leak);
        fwrite(STDERR, "MemoryTest: $report\n");
        $this->assertLessThan(intdiv($leak, 4), $c2 - $c1, $report);
    }

    /** The probe itself can fail: 2000 unfreed 1 KiB blocks are seen as 2 MB of growth. */
    public function testTheHeapProbeSeesALeak(): void
    {
        [$before] = self::heaps();
        $held = [];
        for ($i = 0; $i < 2000; $i++) {
            $held[] = self::libc()->malloc(1024);
        }
        try {
            [$after] = self::heaps();
            $this->assertGreaterThanOrEqual(2000 * 1024, $after - $before);
        } finally {
            foreach ($held as $p) {
                self::libc()->free($p);
            }
        }
    }
}
