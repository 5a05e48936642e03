import type { Config } from '../config.js';
import { safeEqual, sign } from '../http/crypto.js';

// One-click unsubscribe links (RFC 8058), signed with the site secret so they work without signing in.
// `s.<subscriptionId>.<userId>` removes one subscription; `e.<userId>` turns notification email off. A reused link
// finds nothing left to remove; a forged one fails the signature. Either way nothing happens.

export type UnsubscribeTarget = { readonly kind: 'subscription'; readonly subscriptionId: number; readonly userId: number } | { readonly kind: 'email'; readonly userId: number };

function encode(target: UnsubscribeTarget): string {
  return target.kind === 'subscription' ? `s.${target.subscriptionId}.${target.userId}` : `e.${target.userId}`;
}

/** The signed token for a target. */
export function unsubscribeToken(secret: string, target: UnsubscribeTarget): string {
  const value = encode(target);
  return `${value}.${sign(secret, `unsubscribe:${value}`)}`;
}

/** The absolute one-click link. */
export function unsubscribeUrl(config: Config, secret: string, target: UnsubscribeTarget): string {
  return `${config.baseUrl}/unsubscribe/${unsubscribeToken(secret, target)}`;
}

/** Reads a token; undefined when it is malformed or its signature is wrong. */
export function readUnsubscribeToken(secret: string, token: string): UnsubscribeTarget | undefined {
  const match = /^(s\.(\d{1,15})\.(\d{1,15})|e\.(\d{1,15}))\.([A-Za-z0-9_-]{20,100})$/.exec(token);
  if (!match) return undefined;
  if (!safeEqual(match[5]!, sign(secret, `unsubscribe:${match[1]}`))) return undefined;
  return match[4] !== undefined ? { kind: 'email', userId: Number(match[4]) } : { kind: 'subscription', subscriptionId: Number(match[2]), userId: Number(match[3]) };
}
