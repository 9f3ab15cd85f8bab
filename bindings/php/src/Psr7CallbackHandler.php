<?php

declare(strict_types=1);

namespace OoJwt;

use Psr\Http\Message\ResponseFactoryInterface;
use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;

/**
 * CallbackHandler for PSR-7 stacks (Slim, Mezzio, any PSR-15 middleware): needs only
 * psr/http-message and a PSR-17 response factory (nyholm/psr7, guzzlehttp/psr7, ...), which the
 * wrapper itself does not require.
 *
 *   $h = new Psr7CallbackHandler(Jwt::loadConfig($localJson), new Nyholm\Psr7\Factory\Psr17Factory());
 *   $response = $h->callback($request, fn (Callback $cb) => $storage->save($cb));
 */
final class Psr7CallbackHandler
{
    /** new Psr7CallbackHandler(Jwt::loadConfig($localJson), new Nyholm\Psr7\Factory\Psr17Factory()) */
    public function __construct(private readonly array|string $settings, private readonly ResponseFactoryInterface $responses)
    {
    }

    /**
     * Verifies and types the callback in `$request`, calls `$onCallback($callback)` and returns
     * the answer Docs expects (CallbackHandler::respond()).
     *
     *   $app->post('/callback', fn ($request) => $h->callback($request, fn (Callback $cb) => save($cb)));
     *
     * @param callable(Callback): mixed $onCallback
     */
    public function callback(ServerRequestInterface $request, callable $onCallback): ResponseInterface
    {
        [$status, $json] = CallbackHandler::respond((string) $request->getBody(), $this->header($request), $this->settings, $onCallback);
        $response = $this->responses->createResponse($status)->withHeader('Content-Type', 'application/json');
        $response->getBody()->write($json);
        return $response;
    }

    /**
     * Checks Docs' download of the file at the request's URL (or `$url` as Docs addressed it) and
     * returns `$serve($request)`, the response with the file; 403 without calling it on failure.
     *
     *   $h->download($request, fn ($r) => $factory->createResponse(200)->withBody($factory->createStreamFromFile($path)));
     *
     * @param callable(ServerRequestInterface): ResponseInterface $serve
     */
    public function download(ServerRequestInterface $request, callable $serve, ?string $url = null, bool $pathAndQueryOnly = false): ResponseInterface
    {
        try {
            CallbackHandler::checkDownload($this->header($request), $url ?? (string) $request->getUri(), $this->settings, $pathAndQueryOnly);
        } catch (JwtException) {
            return $this->responses->createResponse(403);
        }
        return $serve($request);
    }

    private function header(ServerRequestInterface $request): ?string
    {
        $name = CallbackHandler::headerName($this->settings);
        return $request->hasHeader($name) ? $request->getHeaderLine($name) : null;
    }
}
