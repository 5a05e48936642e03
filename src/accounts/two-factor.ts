import crypto from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Db, DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { hashToken, safeEqual, sign } from '../http/crypto.js';
import { TooManyRequests, ValidationFailed } from '../http/errors.js';
import { clearRateLimit, hitRateLimit, rateLimitCount } from '../http/rate-limits.queries.js';
import { validate } from '../http/validation.js';
import { verifyCurrentPassword } from './accounts.js';
import { sendSecurityNotice } from './security-notices.js';
import { base32Encode, decryptTotpSecret, encryptTotpSecret, matchTotp, newTotpSecret, otpauthUri } from './totp.js';
import {
  claimTotpStep,
  countUnusedRecoveryCodes,
  deleteTotp,
  enableTotpCredential,
  findTotpCredential,
  putPendingTotpCredential,
  replaceRecoveryCodes,
  useRecoveryCode,
} from './two-factor.queries.js';

// Two-factor sign-in with TOTP, shared by the settings pages and the login step. The secret is shown once, at
// setup, and afterwards only ever decrypted in memory to check a code.

export const RECOVERY_CODE_COUNT = 10;
const PENDING_LOGIN_MS = 5 * 60_000;

const codeSchema = z.object({ code: z.string({ error: 'Enter the code.' }).trim().min(1, 'Enter the code.').max(40, 'That is not a code.') });
const disableSchema = z.object({ current_password: z.string({ error: 'Enter your password.' }).min(1, 'Enter your password.'), code: codeSchema.shape.code });
// The regenerate form names its field `password`: it shares a page with the switch-off form's `current_password`.
const passwordOnlySchema = z.object({ password: disableSchema.shape.current_password });

/** Recovery codes are compared without case, spaces or dashes, so they can be typed as printed. */
function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const hex = crypto.randomBytes(5).toString('hex');
    return `${hex.slice(0, 5)}-${hex.slice(5)}`;
  });
}

async function storeNewRecoveryCodes(db: DbLike, userId: number): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(db, userId, codes.map((code) => hashToken(normalizeRecoveryCode(code))), now());
  return codes;
}

/** Whether two-factor sign-in is on for a user. */
export async function hasTwoFactor(db: Db, userId: number): Promise<boolean> {
  return Boolean((await findTotpCredential(db, userId))?.enabled_at);
}

/** What the settings page shows: on or off, and how many recovery codes are left. */
export async function twoFactorStatus(db: Db, userId: number): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
  const enabled = await hasTwoFactor(db, userId);
  return { enabled, recoveryCodesLeft: enabled ? await countUnusedRecoveryCodes(db, userId) : 0 };
}

/** Starts setup: a fresh secret, stored encrypted and not yet enabled. Returns what the reader types or scans. */
export async function beginTwoFactorSetup(db: Db, config: Config, siteSecret: string, user: User): Promise<{ secret: string; uri: string }> {
  if (await hasTwoFactor(db, user.id)) throw ValidationFailed({ code: 'Two-factor sign-in is already on.' });
  const secret = newTotpSecret();
  await putPendingTotpCredential(db, user.id, encryptTotpSecret(siteSecret, secret), now());
  const base32 = base32Encode(secret);
  return { secret: base32, uri: otpauthUri(new URL(config.baseUrl).hostname, user.username, base32) };
}

/** The pending setup's secret and URI again (to re-show the form after a wrong code), if setup is under way. */
export async function pendingTwoFactorSetup(db: Db, config: Config, siteSecret: string, user: User): Promise<{ secret: string; uri: string } | undefined> {
  const credential = await findTotpCredential(db, user.id);
  if (!credential || credential.enabled_at) return undefined;
  const base32 = base32Encode(decryptTotpSecret(siteSecret, credential.secret_encrypted));
  return { secret: base32, uri: otpauthUri(new URL(config.baseUrl).hostname, user.username, base32) };
}

/** Switches two-factor sign-in on once a current code proves the app has the secret; returns the recovery codes. */
export async function confirmTwoFactorSetup(db: Db, config: Config, siteSecret: string, user: User, input: unknown): Promise<string[]> {
  const { code } = validate(codeSchema, input);
  const credential = await findTotpCredential(db, user.id);
  if (!credential || credential.enabled_at) throw ValidationFailed({ code: 'Start the setup again: there is no setup waiting for a code.' });
  const step = matchTotp(decryptTotpSecret(siteSecret, credential.secret_encrypted), code.replace(/\s/g, ''), Date.now(), null);
  if (step === undefined) throw ValidationFailed({ code: 'That code does not match. Check the time on your device and try the current code.' });
  return db.transaction().execute(async (trx) => {
    await enableTotpCredential(trx, user.id, step, now());
    const codes = await storeNewRecoveryCodes(trx, user.id);
    await sendSecurityNotice(trx, config, user, 'two_factor_enabled');
    return codes;
  });
}

/** New recovery codes (the old ones stop working), after checking the password. */
export async function regenerateRecoveryCodes(db: Db, config: Config, user: User, input: unknown): Promise<string[]> {
  const { password } = validate(passwordOnlySchema, input);
  if (!(await hasTwoFactor(db, user.id))) throw ValidationFailed({ password: 'Two-factor sign-in is off.' });
  await verifyCurrentPassword(db, config, user, password, 'password');
  return db.transaction().execute((trx) => storeNewRecoveryCodes(trx, user.id));
}

/** Switches two-factor sign-in off; needs the password and a current code (or a recovery code). */
export async function disableTwoFactor(db: Db, config: Config, siteSecret: string, user: User, input: unknown): Promise<void> {
  const data = validate(disableSchema, input);
  await verifyCurrentPassword(db, config, user, data.current_password, 'current_password');
  await checkSecondFactor(db, config, siteSecret, user, data.code);
  await db.transaction().execute(async (trx) => {
    await deleteTotp(trx, user.id);
    await sendSecurityNotice(trx, config, user, 'two_factor_disabled');
  });
}

/**
 * Checks a TOTP code or a recovery code for a user with two-factor sign-in. Wrong codes count against the same
 * per-account login limit as wrong passwords, so the six digits cannot be guessed at leisure.
 */
export async function checkSecondFactor(db: Db, config: Config, siteSecret: string, user: User, rawCode: string): Promise<void> {
  const at = new Date();
  // The account's login bucket, and one of its own for codes: a right password clears the login bucket, and must
  // not also wipe the count of wrong codes (or password, 2 guesses, password, 2 guesses... would never stop).
  const name = user.username.toLowerCase();
  const keys = [`login:account:${name}`, `login:code:${name}`];
  for (const key of keys) {
    const current = await rateLimitCount(db, key, at.toISOString());
    if (current && current.count >= config.loginAttempts) {
      throw TooManyRequests(Math.max(1, Math.ceil((Date.parse(current.window_ends_at) - at.getTime()) / 1000)));
    }
  }
  const credential = await findTotpCredential(db, user.id);
  const code = rawCode.replace(/\s/g, '');
  let ok = false;
  if (credential?.enabled_at) {
    const step = matchTotp(decryptTotpSecret(siteSecret, credential.secret_encrypted), code, at.getTime(), credential.last_step);
    if (step !== undefined) ok = await claimTotpStep(db, user.id, step);
    else if (!/^\d{6}$/.test(code)) ok = await useRecoveryCode(db, user.id, hashToken(normalizeRecoveryCode(code)), at.toISOString());
  }
  if (!ok) {
    for (const key of keys) await hitRateLimit(db, key, at.toISOString(), new Date(at.getTime() + config.loginWindowSeconds * 1000).toISOString());
    throw ValidationFailed({ code: 'That code does not match, or it has already been used.' }, 'Sign-in failed.');
  }
  for (const key of keys) await clearRateLimit(db, key);
}

/** The value of the short-lived cookie that carries a half-finished sign-in (password right, code not yet given). */
export function pendingLoginCookie(siteSecret: string, user: User, atMs = Date.now()): string {
  const payload = `${user.id}.${atMs + PENDING_LOGIN_MS}`;
  // Signed together with the password hash, so a password change voids any pending sign-in.
  return `${payload}.${sign(siteSecret, `2fa:${payload}:${user.password_hash}`)}`;
}

/** The user id a pending-login cookie names, when its signature holds and it has not expired. */
export function readPendingLogin(value: string | undefined, atMs = Date.now()): { userId: number; payload: string; signature: string } | undefined {
  const match = value ? /^(\d+)\.(\d+)\.([\w-]+)$/.exec(value) : null;
  if (!match || Number(match[2]) < atMs) return undefined;
  return { userId: Number(match[1]), payload: `${match[1]}.${match[2]}`, signature: match[3]! };
}

/** Whether a pending-login cookie was signed for this user as they are now. */
export function pendingLoginMatches(siteSecret: string, user: User, pending: { payload: string; signature: string }): boolean {
  return safeEqual(sign(siteSecret, `2fa:${pending.payload}:${user.password_hash}`), pending.signature);
}
