import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { Layout } from '../ui/layout.js';
import type { AppEnv } from './env.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { AppError, DatabaseUnavailable, PayloadTooLarge, isAppError } from './errors.js';
import { pageContext } from './page-context.js';

/** True when the client should get JSON rather than a page. */
export function wantsJson(c: Context<AppEnv>): boolean {
  if (c.req.path.startsWith('/api/')) return true;
  const accept = c.req.header('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Please log in', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict', 410: 'Deleted',
  413: 'Too large', 415: 'Unsupported content', 422: 'Check your input', 429: 'Slow down', 500: 'Something went wrong', 503: 'Unavailable',
};

/** Renders any thrown error: catalogue errors as themselves, anything else as a logged, generic 500. */
export function handleError(error: Error, c: Context<AppEnv>): Response | Promise<Response> {
  let appError: AppError | undefined;
  if (isAppError(error)) appError = error;
  else if (error instanceof HTTPException && error.status === 413) appError = PayloadTooLarge();
  else if (isDatabaseUnavailable(error)) {
    // PostgreSQL is down or cut off: a 503 the client may retry, not a 500; the pool reconnects by itself when it returns.
    appError = DatabaseUnavailable();
    (c.get('log') ?? console).warn({ err: error }, 'database unavailable');
  }
  const status = appError?.status ?? 500;
  const code = appError?.code ?? 'internal_error';
  const message = appError?.message ?? 'Something went wrong on our side. It has been logged; please try again.';
  if (!appError) {
    const log = c.get('log');
    (log ?? console).error({ err: error }, 'unhandled error');
  }
  if (appError?.retryAfterSeconds !== undefined) c.header('Retry-After', String(appError.retryAfterSeconds));
  if (wantsJson(c) || !c.get('services')) {
    const body: { error: { code: string; message: string; fields?: Record<string, string>; request_id?: string } } = { error: { code, message } };
    if (appError?.fields) body.error.fields = appError.fields;
    if (!appError) body.error.request_id = c.get('requestId');
    return c.json(body, status);
  }
  const ctx = pageContext(c);
  const title = TITLES[status] ?? 'Error';
  return c.html(
    <Layout ctx={ctx} title={title}>
      <section class="narrow error-page">
        <h1>{title}</h1>
        <p>{message}</p>
        {status === 401 ? (
          <p>
            <a href={`/login?return_to=${encodeURIComponent(ctx.path)}`}>Log in</a>
          </p>
        ) : null}
        {status >= 500 ? <p class="muted">Reference: {c.get('requestId')}</p> : null}
        <p>
          <a href="/">Back to the front page</a>
        </p>
      </section>
    </Layout>,
    status,
  );
}
