<?php

declare(strict_types=1);

namespace OoJwt;

/**
 * A failure reported by the oo-jwt core, with the contract's error name and number.
 *
 *   getErrorName()  the contract's name: "bad_signature", "expired", ... (stable across languages)
 *   getCode()       the contract's number (the C status, also in OoJwt\Abi: Abi::EXPIRED === 7)
 *   getDetail()     the core's message, without the name
 *   getMessage()    "name: detail"
 */
class JwtException extends \RuntimeException
{
    private string $errorName;
    private string $detail;

    public function __construct(string $errorName, int $code, string $detail, ?\Throwable $previous = null)
    {
        parent::__construct($detail === '' ? $errorName : "$errorName: $detail", $code, $previous);
        $this->errorName = $errorName;
        $this->detail = $detail;
    }

    /** The contract's error name, e.g. "bad_signature". */
    public function getErrorName(): string
    {
        return $this->errorName;
    }

    /** The core's message (the detail after the name). */
    public function getDetail(): string
    {
        return $this->detail;
    }
}
