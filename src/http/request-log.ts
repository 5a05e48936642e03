import type { MiddlewareHandler } from 'hono';
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

/** Sets the security headers every response carries. */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  // A route may set a stricter policy of its own (the offline HTML download); every other response gets the site's.
  if (!c.res.headers.has('Content-Security-Policy')) {
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
  }
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  c.header('X-Frame-Options', 'DENY');
  if (c.get('services').config.baseUrl.startsWith('https://')) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
};
