import type { Context } from 'hono';
import type { AppEnv } from './env.js';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The client's IP address: the socket's peer, or the first X-Forwarded-For hop when TRUST_PROXY is set. */
export function clientIp(c: Context<AppEnv>): string {
  const env = c.env as NodeBindings | undefined;
  return clientIpOf(c.get('services').config.trustProxy, c.req.header('x-forwarded-for'), env?.incoming?.socket?.remoteAddress);
}

/** The same from a request's parts (for code that runs before Hono, src/http/fast-path.ts). */
export function clientIpOf(trustProxy: boolean, forwardedFor: string | undefined, remoteAddress: string | undefined): string {
  if (trustProxy) {
    const forwarded = forwardedFor?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return remoteAddress ?? 'local';
}
