import type { Context } from 'hono';
import { clientIp } from '../http/client-ip.js';
import { sign } from '../http/crypto.js';
import type { AppEnv } from '../http/env.js';
import type { CommentActor } from './comments.js';

/** The commenter of this request: the signed-in user or a guest, and the client's address hashed with the site secret (never stored raw). */
export function commentActor(c: Context<AppEnv>): CommentActor {
  const ip = clientIp(c);
  return { user: c.get('user'), ipHash: sign(c.get('services').secret, `ip:${ip}`), origin: { ip, userAgent: c.req.header('user-agent')?.slice(0, 300) ?? '', log: c.get('log') }, guestComments: c.get('settings').guest_comments };
}
