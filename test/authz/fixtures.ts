import { hashPassword } from '../../src/accounts/accounts.js';
import { base32Decode, totp } from '../../src/accounts/totp.js';
import { beginTwoFactorSetup, confirmTwoFactorSetup, pendingLoginCookie } from '../../src/accounts/two-factor.js';
import { PENDING_LOGIN_COOKIE } from '../../src/accounts/two-factor.routes.js';
import { insertEmailToken } from '../../src/accounts/email-tokens.queries.js';
import { insertSession } from '../../src/accounts/sessions.queries.js';
import { createApiToken } from '../../src/accounts/tokens.js';
import { insertUser, updateUser } from '../../src/accounts/users.queries.js';
import type { User } from '../../src/db/schema.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../src/http/cookies.js';
import { hashToken, randomToken } from '../../src/http/crypto.js';
import { unsubscribeToken } from '../../src/subscriptions/unsubscribe-links.js';
import { TEST_PASSWORD, TestBrowser, unique, workInput, type TestContext } from '../helpers.js';

// Fixtures for the authorization matrix (matrix.ts): the five actors, and factories for the things routes act on.
// Accounts, sessions and tokens are written straight to the database (no sign-up form, one password hash per run),
// so a fresh set of actors costs a few inserts; targets are made through the API as their owner would make them.

export const ACTORS = ['anonymous', 'stranger', 'moderator', 'admin', 'owner'] as const;
export type Actor = (typeof ACTORS)[number];
export type SignedInActor = Exclude<Actor, 'anonymous'>;

/** A signed-in actor: the account, a browser holding its session and CSRF cookies, and a bearer token. */
export interface Account {
  readonly user: User;
  readonly token: string;
  readonly browser: TestBrowser;
}

/** One fresh cast: the owner of every target, another account, a moderator, an admin, and a guest browser. */
export interface World {
  readonly t: TestContext;
  readonly accounts: Readonly<Record<SignedInActor, Account>>;
  /** A browser with a CSRF cookie and no session. */
  readonly guest: TestBrowser;
}

/** What a fixture factory made: the URL parameters of the route (`:id`, `:position`, `:username`, `:name`, `:token`) and ids bodies need. */
export interface Target {
  readonly params: Readonly<Record<string, string>>;
  readonly ids: Readonly<Record<string, number | string>>;
}

export type Fixture = (w: World) => Promise<Target>;

let passwordHash: Promise<string> | undefined;

/** Makes an account with a live session and a token, directly in the database; `role` sets is_moderator or is_admin. */
export async function makeAccount(t: TestContext, role?: 'moderator' | 'admin'): Promise<Account> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const username = unique('az');
  const at = new Date().toISOString();
  let user = await insertUser(t.db, {
    username,
    username_key: username.toLowerCase(),
    email: `${username}@example.org`,
    password_hash: await passwordHash,
    email_confirmed_at: at,
    created_at: at,
    updated_at: at,
  });
  if (role) user = await setRole(t, user, role);
  const session = randomToken();
  await insertSession(t.db, { token_hash: hashToken(session), user_id: user.id, created_at: at, expires_at: new Date(Date.now() + 86_400_000).toISOString(), user_agent: 'authz matrix' });
  const browser = new TestBrowser(t);
  browser.setCookie(SESSION_COOKIE, session);
  browser.setCookie(CSRF_COOKIE, randomToken());
  const { token } = await createApiToken(t.db, user.id, 'authz matrix');
  return { user, token, browser };
}

/** Grants a role by writing the flag (tests may write fixtures directly). */
export async function setRole(t: TestContext, user: User, role: 'moderator' | 'admin'): Promise<User> {
  const changes = role === 'admin' ? { is_admin: 1 as const } : { is_moderator: 1 as const };
  await updateUser(t.db, user.id, changes);
  return { ...user, ...changes };
}

/** A fresh cast of actors. */
export async function makeWorld(t: TestContext): Promise<World> {
  const [owner, stranger, moderator, admin] = await Promise.all([makeAccount(t), makeAccount(t), makeAccount(t, 'moderator'), makeAccount(t, 'admin')]);
  const guest = new TestBrowser(t);
  guest.setCookie(CSRF_COOKIE, randomToken());
  return { t, accounts: { owner: owner!, stranger: stranger!, moderator: moderator!, admin: admin! }, guest };
}

// ---- API helpers for factories ---------------------------------------------------------------------------------

async function apiJson<T>(w: World, method: string, path: string, json: unknown, as: Account = w.accounts.owner): Promise<T> {
  const response = await w.t.api(method, path, { token: as.token, json });
  if (response.status >= 300) throw new Error(`fixture ${method} ${path} failed with ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (response.status === 204 ? {} : await response.json()) as T;
}

/** A posted work by the owner; `chapters` posted chapters. */
async function ownerWork(w: World, overrides: Record<string, unknown> = {}, chapters = 1): Promise<{ id: number; tag: string }> {
  const tag = unique('Tag ');
  const body = workInput({
    freeforms: [tag],
    comment_permissions: 'everyone',
    chapters: Array.from({ length: chapters }, (_, i) => ({ title: `Part ${i + 1}`, body: `<p>Chapter ${i + 1} of the lighthouse.</p>` })),
    ...overrides,
  });
  const work = await apiJson<{ id: number }>(w, 'POST', '/api/v1/works', body);
  return { id: work.id, tag };
}

// ---- Fixture factories -------------------------------------------------------------------------------------------

/** The current sign-in code for a base32 TOTP secret. */
export function currentCode(base32: string): string {
  return totp(base32Decode(base32)!, Date.now());
}

/** Every actor has begun two-factor setup (`ids[actor]` = the secret, base32). */
export const twoFactorPending: Fixture = async (w) => {
  const ids: Record<string, string> = {};
  for (const [actor, account] of Object.entries(w.accounts)) ids[actor] = (await beginTwoFactorSetup(w.t.db, w.t.config, w.t.services.secret, account.user)).secret;
  return { params: {}, ids };
};

/** Every actor has two-factor sign-in on (`ids[actor]` = one unused recovery code). */
export const twoFactorOn: Fixture = async (w) => {
  const pending = await twoFactorPending(w);
  const ids: Record<string, string> = {};
  for (const [actor, account] of Object.entries(w.accounts)) {
    const codes = await confirmTwoFactorSetup(w.t.db, w.t.config, w.t.services.secret, account.user, { code: currentCode(String(pending.ids[actor])) });
    ids[actor] = codes[0]!;
  }
  return { params: {}, ids };
};

/**
 * The owner, with two-factor sign-in on, has passed the password step: every browser (the guest's too) holds that
 * pending sign-in, as the browser that typed the password would (`ids.code` = one of the owner's recovery codes).
 */
export const pendingSignIn: Fixture = async (w) => {
  const { db, config, secret } = w.t.services;
  const owner = w.accounts.owner.user;
  const base32 = (await beginTwoFactorSetup(db, config, secret, owner)).secret;
  const [code] = await confirmTwoFactorSetup(db, config, secret, owner, { code: currentCode(base32) });
  const cookie = pendingLoginCookie(secret, owner);
  for (const browser of [w.guest, ...Object.values(w.accounts).map((a) => a.browser)]) browser.setCookie(PENDING_LOGIN_COOKIE, cookie);
  return { params: {}, ids: { code: code! } };
};

/** Nothing to act on (creation routes and the actor's own settings). */
export const none: Fixture = async () => ({ params: {}, ids: {} });

/** A posted work by the owner, one chapter, with a freeform tag of its own (`:id`, `:position` = 1). */
export const work: Fixture = async (w) => {
  const { id, tag } = await ownerWork(w);
  return { params: { id: String(id), position: '1' }, ids: { work: id, tag } };
};

/** A draft work by the owner (`:id`). */
export const draftWork: Fixture = async (w) => {
  const { id } = await ownerWork(w, { draft: true });
  return { params: { id: String(id) }, ids: { work: id } };
};

/** A posted work by the owner with two chapters; the target is chapter 2 (`:id`, `:position`). */
export const chapter: Fixture = async (w) => {
  const { id } = await ownerWork(w, {}, 2);
  const chapters = await w.t.db.selectFrom('chapters').select('id').where('work_id', '=', id).orderBy('position').execute();
  return { params: { id: String(id), position: '2' }, ids: { work: id, chapter1: chapters[0]!.id, chapter2: chapters[1]!.id } };
};

/** A published comment by the owner on chapter 1 of the owner's posted work (`:id` = the comment). */
export const comment: Fixture = async (w) => {
  const { id: workId } = await ownerWork(w);
  const made = await apiJson<{ id: number }>(w, 'POST', `/api/v1/works/${workId}/chapters/1/comments`, { body: 'A kind word about the lamp.' });
  return { params: { id: String(made.id) }, ids: { work: workId, comment: made.id } };
};

/** A comment awaiting the owner's approval on the owner's work, written by a third account, not one of the actors (`:id`). */
export const pendingComment: Fixture = async (w) => {
  const { id: workId } = await ownerWork(w);
  const commenter = await makeAccount(w.t);
  const made = await apiJson<{ id: number }>(w, 'POST', `/api/v1/works/${workId}/chapters/1/comments`, { body: 'Please approve me.' }, commenter);
  await w.t.db.updateTable('comments').set({ status: 'pending' }).where('id', '=', made.id).execute();
  return { params: { id: String(made.id) }, ids: { work: workId, comment: made.id } };
};

/** A series by the owner holding one of the owner's works (`:id`). */
export const series: Fixture = async (w) => {
  const { id: workId } = await ownerWork(w);
  const made = await apiJson<{ id: number }>(w, 'POST', '/api/v1/series', { title: unique('Series ') });
  await apiJson(w, 'PATCH', `/api/v1/works/${workId}`, { series: { id: made.id } });
  return { params: { id: String(made.id) }, ids: { series: made.id, work: workId } };
};

/** The owner's bookmark of someone else's (the admin's) work (`:id`). */
export const bookmark: Fixture = async (w) => {
  const work = await apiJson<{ id: number }>(w, 'POST', '/api/v1/works', workInput(), w.accounts.admin);
  const made = await apiJson<{ id: number }>(w, 'POST', '/api/v1/bookmarks', { work_id: work.id, notes: 'Lovely.' });
  return { params: { id: String(made.id) }, ids: { bookmark: made.id, work: work.id } };
};

/** The owner's saved search (`:id`). */
export const savedSearch: Fixture = async (w) => {
  const made = await apiJson<{ id: number }>(w, 'POST', '/api/v1/me/saved-searches', { name: unique('Search '), query: 'lighthouse' });
  return { params: { id: String(made.id) }, ids: { savedSearch: made.id } };
};

/** The owner follows another account's (the admin's) work (`:id` = the subscription). */
export const subscription: Fixture = async (w) => {
  const work = await apiJson<{ id: number }>(w, 'POST', '/api/v1/works', workInput(), w.accounts.admin);
  await apiJson(w, 'POST', '/api/v1/subscriptions', { work_id: work.id });
  const row = await w.t.db.selectFrom('subscriptions').select('id').where('user_id', '=', w.accounts.owner.user.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return { params: { id: String(row.id) }, ids: { subscription: row.id, work: work.id } };
};

/** A second API token of the owner's (`:id`). */
export const apiToken: Fixture = async (w) => {
  const { row } = await createApiToken(w.t.db, w.accounts.owner.user.id, 'second');
  return { params: { id: String(row.id) }, ids: { token: row.id } };
};

/** A second signed-in session of the owner's (`:id` = the id the sessions page shows). */
export const ownerSession: Fixture = async (w) => {
  const token = randomToken();
  const hash = hashToken(token);
  const at = new Date().toISOString();
  await insertSession(w.t.db, { token_hash: hash, user_id: w.accounts.owner.user.id, created_at: at, expires_at: new Date(Date.now() + 86_400_000).toISOString() });
  const response = await w.t.api('GET', '/api/v1/me/sessions', { token: w.accounts.owner.token });
  const { items } = (await response.json()) as { items: { id: string }[] };
  const id = items.find((s) => hash.startsWith(s.id))?.id ?? items[0]?.id ?? hash.slice(0, 16);
  return { params: { id }, ids: {} };
};

/** The owner's account (`:username`, and `:id` for the admin pages). */
export const ownerAccount: Fixture = async (w) => ({ params: { username: w.accounts.owner.user.username, id: String(w.accounts.owner.user.id) }, ids: { user: w.accounts.owner.user.id } });

/** The owner's account, suspended for a week (`:id`). */
export const suspendedOwner: Fixture = async (w) => {
  await updateUser(w.t.db, w.accounts.owner.user.id, { suspended_until: new Date(Date.now() + 7 * 86_400_000).toISOString(), suspension_reason: 'Spam.' });
  return ownerAccount(w);
};

/** The owner's posted work, addressed as moderation addresses it (`:type` = works, `:id`). */
export const workToModerate: Fixture = async (w) => {
  const { id } = await ownerWork(w);
  return { params: { type: 'works', id: String(id) }, ids: { work: id } };
};

/** The owner's work, hidden by a moderator with a reason (`:type` = works, `:id`). */
export const hiddenWork: Fixture = async (w) => {
  const { id } = await ownerWork(w);
  await apiJson(w, 'POST', `/api/v1/admin/moderation/works/${id}/hide`, { reason: 'Under review.' }, await makeAccount(w.t, 'moderator'));
  return { params: { type: 'works', id: String(id) }, ids: { work: id } };
};

/** An open appeal by the owner against the hiding of their work (`:id` = the appeal). */
export const appeal: Fixture = async (w) => {
  const hidden = await hiddenWork(w);
  const made = await apiJson<{ id: number }>(w, 'POST', '/api/v1/appeals', { target_type: 'work', target_id: hidden.ids.work, message: 'It is within the rules.' });
  return { params: { id: String(made.id) }, ids: { appeal: made.id, work: hidden.ids.work! } };
};

/** An open report about the owner's work, filed by a third account (`:type` = work, `:id` = the work: a report group). */
export const reportedWork: Fixture = async (w) => {
  const { id } = await ownerWork(w);
  await apiJson(w, 'POST', '/api/v1/reports', { target_type: 'work', target_id: id, category: 'spam', description: 'Advertising.' }, await makeAccount(w.t));
  return { params: { type: 'work', id: String(id) }, ids: { work: id } };
};

/** A comment by a third account on the owner's work, held for a site moderator (`:id`). */
export const heldComment: Fixture = async (w) => {
  const { id: workId } = await ownerWork(w);
  const made = await apiJson<{ id: number }>(w, 'POST', `/api/v1/works/${workId}/chapters/1/comments`, { body: 'Held for review.' }, await makeAccount(w.t));
  await w.t.db.updateTable('comments').set({ status: 'held' }).where('id', '=', made.id).execute();
  return { params: { id: String(made.id) }, ids: { work: workId, comment: made.id } };
};

/** Every actor may invite three friends. */
export const invitationAllowance: Fixture = async (w) => {
  for (const account of Object.values(w.accounts)) await updateUser(w.t.db, account.user.id, { invitations_left: 3 });
  return { params: {}, ids: {} };
};

/** An address waiting in the invitation queue (`:id` = the queue entry); the registration must be invite-only. */
export const inviteRequest: Fixture = async (w) => {
  const email = `${unique('queue')}@example.org`.toLowerCase();
  await apiJson(w, 'POST', '/api/v1/invite-requests', { email });
  const made = await w.t.db.selectFrom('invite_requests').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { params: { id: String(made.id) }, ids: { request: made.id } };
};

/** A tag on the owner's work (`:name`). */
export const tag: Fixture = async (w) => {
  const { id, tag: name } = await ownerWork(w);
  return { params: { name }, ids: { work: id, tag: name } };
};

/** A live password-reset link for the owner (`:token`): the link itself is the authority. */
export const resetLink: Fixture = async (w) => {
  const token = randomToken();
  const at = new Date();
  await insertEmailToken(w.t.db, { user_id: w.accounts.owner.user.id, purpose: 'reset', token_hash: hashToken(token), email: w.accounts.owner.user.email, expires_at: new Date(at.getTime() + 3_600_000).toISOString(), created_at: at.toISOString() });
  return { params: { token }, ids: {} };
};

/** A signed one-click unsubscribe link for the owner's notification email (`:token`). */
export const unsubscribeLink: Fixture = async (w) => ({ params: { token: unsubscribeToken(w.t.services.secret, { kind: 'email', userId: w.accounts.owner.user.id }) }, ids: {} });
