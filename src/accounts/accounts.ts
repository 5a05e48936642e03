import { hash, verify } from '@node-rs/argon2';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import { isUniqueViolation, now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { AccountBanned, InvitationRequired, RegistrationClosed, TooManyRequests, ValidationFailed } from '../http/errors.js';
import { readSiteSettings, type SiteSettings } from '../admin/site-settings.js';
import { usableInvitation, useInvitation } from '../invitations/invitations.js';
import { clearRateLimit, hitRateLimit, rateLimitCount } from '../http/rate-limits.queries.js';
import { validate } from '../http/validation.js';
import { loginSchema, signupSchema } from './accounts.forms.js';
import { sendConfirmationEmail } from './email-links.js';
import { findUserByEmail, findUserByUsername, hasNoAdmin, insertUser } from './users.queries.js';
import { isUsernameReserved } from './username-holds.js';

// Account domain functions, shared by the pages and the API.

/** Hashes a password with argon2id (the library's default algorithm). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Checks a password against a stored argon2 hash. */
export async function checkPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Creates an account from untrusted input. The first account created while the archive has no administrator
 * becomes its admin, unless `admin` says otherwise (demo accounts never are). `force` lets the CLI create
 * accounts when sign-up is closed.
 */
export async function registerUser(db: Db, config: Config, input: unknown, options: { admin?: boolean; force?: boolean; settings?: SiteSettings; signupIp?: string } = {}): Promise<User> {
  // The registration site setting decides: open, closed, or invite-only (the input's `invitation` token, used once).
  const settings = options.settings ?? (await readSiteSettings(db, config));
  if (settings.registration === 'closed' && !options.force) throw RegistrationClosed();
  // Nobody can invite the first account of an archive, its administrator-to-be: it signs up without a link.
  const invitation = settings.registration === 'invite_only' && !options.force && !(await hasNoAdmin(db)) ? invitationToken(input) : undefined;
  if (invitation !== undefined) await usableInvitation(db, invitation);
  const data = validate(signupSchema, input);
  if ((await findUserByUsername(db, data.username)) || (await isUsernameReserved(db, data.username))) throw ValidationFailed({ username: 'That username is taken.' });
  const passwordHash = await hashPassword(data.password);
  const at = now();
  try {
    return await db.transaction().execute(async (trx) => {
      const first = await hasNoAdmin(trx);
      const user = await insertUser(trx, {
        username: data.username,
        username_key: data.username.toLowerCase(),
        email: data.email.toLowerCase(),
        password_hash: passwordHash,
        is_admin: (options.admin ?? first) ? 1 : 0,
        // Without mail there is no one to read a confirmation link: the address counts as confirmed.
        email_confirmed_at: config.smtpUrl ? null : at,
        invitations_left: settings.invitations_per_account,
        // Kept so administrators can find accounts made from one address (src/admin/accounts-admin.ts).
        signup_ip: options.signupIp?.slice(0, 100) ?? null,
        created_at: at,
        updated_at: at,
      });
      if (invitation !== undefined) await useInvitation(trx, invitation, user.id);
      if (config.smtpUrl) await sendConfirmationEmail(trx, config, user);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw ValidationFailed({ username: 'That username is taken.' });
    throw error;
  }
}

/** The invitation token a sign-up carries (form or JSON field `invitation`); 403 when there is none. */
function invitationToken(input: unknown): string {
  const token = typeof input === 'object' && input !== null && 'invitation' in input ? (input as { invitation: unknown }).invitation : undefined;
  if (typeof token !== 'string' || token.trim() === '') throw InvitationRequired();
  return token.trim().slice(0, 200);
}

/**
 * Checks a signed-in user's current password before a sensitive change, counted against the same per-account
 * limit as logging in, so a stolen session cannot be used to guess the password.
 */
export async function verifyCurrentPassword(db: Db, config: Config, user: User, password: string, field: string): Promise<void> {
  const at = new Date();
  const key = `login:account:${user.username.toLowerCase()}`;
  const current = await rateLimitCount(db, key, at.toISOString());
  if (current && current.count >= config.loginAttempts) {
    throw TooManyRequests(Math.max(1, Math.ceil((Date.parse(current.window_ends_at) - at.getTime()) / 1000)));
  }
  if (await checkPassword(user.password_hash, password)) return;
  await hitRateLimit(db, key, at.toISOString(), new Date(at.getTime() + config.loginWindowSeconds * 1000).toISOString());
  throw ValidationFailed({ [field]: 'That is not your current password.' });
}

/**
 * Checks a login (username or email, and password), rate-limited per account and per IP.
 * Throws 429 when either is over its limit and 422 for wrong credentials, without saying which part was wrong.
 */
export async function authenticate(db: Db, config: Config, input: unknown, ip: string): Promise<User> {
  const data = validate(loginSchema, input);
  const at = new Date();
  const windowEnds = new Date(at.getTime() + config.loginWindowSeconds * 1000).toISOString();
  const user = data.login.includes('@') ? await findUserByEmail(db, data.login) : await findUserByUsername(db, data.login);
  // Key a known account by its username, so guesses by username and by email share one limit
  // (and the same bucket verifyCurrentPassword counts against).
  const keys = [`login:account:${(user?.username ?? data.login).toLowerCase()}`, `login:ip:${ip}`];
  for (const key of keys) {
    const current = await rateLimitCount(db, key, at.toISOString());
    if (current && current.count >= config.loginAttempts) {
      throw TooManyRequests(Math.max(1, Math.ceil((Date.parse(current.window_ends_at) - at.getTime()) / 1000)));
    }
  }
  // Verify against a dummy hash when the account is unknown, so timing does not reveal which usernames exist.
  const ok = await checkPassword(user?.password_hash ?? (await dummyHash()), data.password);
  if (!user || !ok) {
    for (const key of keys) await hitRateLimit(db, key, at.toISOString(), windowEnds);
    throw ValidationFailed({ login: 'That username or email and password do not match an account.' }, 'Login failed.');
  }
  await clearRateLimit(db, keys[0]!);
  // Only after the password matched, so a ban is never revealed to someone guessing.
  if (user.banned_at !== null) throw AccountBanned(user.ban_reason ?? '');
  return user;
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-for-timing');
  return dummy;
}
