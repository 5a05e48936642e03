import type { Context } from 'hono';
import type { AppEnv } from './env.js';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The client's IP address: the socket's peer, or the first X-Forwarded-For hop when TRUST_PROXY is set. */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get('services').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as NodeBindings | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
