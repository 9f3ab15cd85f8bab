<?php

declare(strict_types=1);

namespace OoJwt;

/**
 * A callback from Docs to the integrator's `callbackUrl`, built from the VERIFIED parameters
 * (CallbackHandler::handle() verifies first): `key` and `status` always, every other member null
 * when Docs did not send it, and `params` the whole verified parameters for anything else.
 *
 *   $cb = CallbackHandler::handle($body, $authorization, $settings);
 *   if ($cb->status === CallbackStatus::ReadyForSaving) { copy($cb->url, "/store/{$cb->key}.docx"); }
 */
final class Callback
{
    /**
     * @param CallbackStatus|int $status a number Docs' list does not have stays an int
     * @param ForceSaveType|int|null $forceSaveType an unknown number stays an int
     */
    public function __construct(
        public readonly string $key,
        public readonly CallbackStatus|int $status,
        public readonly ?string $url,
        public readonly ?string $changesUrl,
        public readonly ?array $history,
        public readonly ?array $users,
        public readonly ?array $actions,
        public readonly ForceSaveType|int|null $forceSaveType,
        public readonly ?string $fileType,
        public readonly ?string $userData,
        public readonly array $params,
    ) {
        // Built by fromParams(); public so that tests can make one: new Callback('k', CallbackStatus::Editing, ...).
    }

    /**
     * Types the verified parameters; `invalid_json` (answered 400) without a string `key` and an
     * integer `status`, or with a member of another type than Docs sends.
     *
     *   $cb = Callback::fromParams(Jwt::verifyRequestWithConfig($body, $auth, $settings, 'outbox'));
     */
    public static function fromParams(array $params): self
    {
        $key = $params['key'] ?? null;
        $status = $params['status'] ?? null;
        if (!\is_string($key) || !\is_int($status)) {
            self::invalid('a callback needs a string "key" and an integer "status"');
        }
        $fst = self::member($params, 'forcesavetype', 'int');
        return new self(
            $key,
            CallbackStatus::tryFrom($status) ?? $status,
            self::member($params, 'url', 'string'),
            self::member($params, 'changesurl', 'string'),
            self::member($params, 'history', 'array'),
            self::member($params, 'users', 'array'),
            self::member($params, 'actions', 'array'),
            $fst === null ? null : (ForceSaveType::tryFrom($fst) ?? $fst),
            self::member($params, 'filetype', 'string'),
            self::member($params, 'userdata', 'string'),
            $params,
        );
    }

    /**
     * The status as Docs' number, known or not.
     *
     *   $cb->statusCode(); // 2 for CallbackStatus::ReadyForSaving, 9 for a status Docs may add
     */
    public function statusCode(): int
    {
        return $this->status instanceof CallbackStatus ? $this->status->value : $this->status;
    }

    private static function member(array $params, string $name, string $type): mixed
    {
        $v = $params[$name] ?? null;
        if ($v !== null && get_debug_type($v) !== $type) {
            self::invalid("callback member \"$name\" is not of type $type");
        }
        return $v;
    }

    private static function invalid(string $detail): never
    {
        throw new JwtException('invalid_json', Abi::INVALID_JSON, $detail);
    }
}
