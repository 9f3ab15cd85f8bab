<?php

declare(strict_types=1);

namespace OoJwt\Tests;

use PHPUnit\Framework\TestCase;

/** Every case of every tests/vectors/*.json, one test per case id. */
final class VectorTest extends TestCase
{
    public static function cases(): array
    {
        $cases = Vectors::cases();
        if ($cases === []) {
            throw new \RuntimeException('no vectors in ' . Vectors::dir());
        }
        return $cases;
    }

    /** @dataProvider cases */
    public function testVector(string $file, array $case): void
    {
        $got = Vectors::run($case);
        $diff = Vectors::mismatch($case['expect'], $got);
        if ($diff !== null) {
            $this->fail("FAIL {$case['id']} ($file, {$case['op']}): {$case['comment']}\n     $diff");
        }
        $this->addToAssertionCount(1);
    }
}
