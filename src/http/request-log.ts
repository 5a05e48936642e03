import type { MiddlewareHandler } from 'hono';
import { isHttps, type Config } from '../config.js';
import { randomToken } from './crypto.js';
import type { AppEnv, Services } from './env.js';

/** Attaches services, a request id and a child logger; logs one line per request (path only: no query, headers or cookies). */
export function requestContext(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = c.req.header('x-request-id')?.slice(0, 64).replace(/[^\w.-]/g, '') || randomToken(9);
    const log = services.logger.child({ request_id: requestId });
    c.set('services', services);
    c.set('requestId', requestId);
    c.set('log', log);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  };
}

/** The site's Content-Security-Policy: scripts and styles from our own origin only, no framing. */
export const SITE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The security headers every response carries (the render cache's fast path sends the same, src/http/fast-path.ts). */
export function securityHeaderPairs(config: Config): [string, string][] {
  const pairs: [string, string][] = [
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['X-Frame-Options', 'DENY'],
  ];
  if (isHttps(config)) pairs.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
  return pairs;
}

/** Sets the security headers every response carries. */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  // A route may set a stricter policy of its own (the offline HTML download); every other response gets the site's.
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', SITE_CSP);
  for (const [name, value] of securityHeaderPairs(c.get('services').config)) c.header(name, value);
};
