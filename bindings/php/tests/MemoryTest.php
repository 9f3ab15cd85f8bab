<?php

declare(strict_types=1);

namespace OoJwt\Tests;

use OoJwt\Jwt;
use OoJwt\JwtException;
use PHPUnit\Framework\TestCase;

/**
 * 1 000 000 calls (successes and failures, with and without options, every returned buffer copied
 * and freed) with PHP's heap (memory_get_usage) and the process's resident size (VmRSS) flat.
 */
final class MemoryTest extends TestCase
{
    private const CALLS = 1_000_000;
    private const WARMUP = 100_000;

    private static function rssKiB(): int
    {
        $status = (string) file_get_contents('/proc/self/status');
        if (!preg_match('/^VmRSS:\s+(\d+) kB$/m', $status, $m)) {
            throw new \RuntimeException('no VmRSS in /proc/self/status');
        }
        return (int) $m[1];
    }

    public function testOneMillionCallsKeepMemoryFlat(): void
    {
        $payload = ['key' => 'Khirz6zTPdfd7', 'status' => 2, 'url' => 'https://documentserver/cache/files/out.docx', 'users' => ['78e1e841']];
        $secret = 'outbox-secret';
        $token = Jwt::sign($payload, $secret);
        $bad = $token . 'x';
        $header = 'Bearer ' . Jwt::signRequest($payload, $secret, Jwt::PLACEMENT_HEADER, ['now' => 1700000000]);
        $opts = ['now' => 1700000100, 'algorithms' => ['HS256', 'HS512'], 'leeway' => 5];
        $calls = $errors = 0;
        $heap0 = $rss0 = 0;
        $samples = [];
        for ($i = 0; $i < self::CALLS; $i++) {
            if ($i === self::WARMUP) {
                gc_collect_cycles();
                $heap0 = memory_get_usage();
                $rss0 = self::rssKiB();
            }
            switch ($i % 8) {
                case 0: case 1: case 2:
                    $r = Jwt::sign($payload, $secret);
                    break;
                case 3: case 4:
                    $r = Jwt::verify($token, $secret);
                    break;
                case 5:
                    $r = Jwt::verifyRequest($secret, null, $header, $opts);
                    break;
                case 6:
                    $r = Jwt::decodeUnverified($token);
                    break;
                default:
                    try {
                        Jwt::verify($bad, $secret, $opts);
                    } catch (JwtException $e) {
                        $errors++;
                    }
            }
            $calls++;
            if ($i > self::WARMUP && $i % 100_000 === 0) {
                $samples[] = [$i, memory_get_usage() - $heap0, self::rssKiB() - $rss0];
            }
        }
        unset($r, $e);
        gc_collect_cycles();
        $heap = memory_get_usage() - $heap0;
        $rss = self::rssKiB() - $rss0;
        $report = "heap growth $heap B, RSS growth $rss KiB after " . number_format($calls) . " calls; samples [call, heap B, RSS KiB]: " . json_encode($samples);
        fwrite(STDERR, "\nMemoryTest: $report\n");
        $this->assertSame(self::CALLS, $calls);
        $this->assertSame(self::CALLS / 8, $errors);
        $this->assertLessThanOrEqual(16 * 1024, $heap, $report);
        $this->assertLessThanOrEqual(2 * 1024, $rss, $report);
        $this->assertGreaterThan(0, $rss0);
    }
}
