import { readSiteSettings, type SiteSettings } from '../../src/admin/site-settings.js';
import { settingsToForm } from '../../src/admin/settings-admin.js';
import { TEST_PASSWORD, unique, workFormFields, workInput } from '../helpers.js';
import * as f from './fixtures.js';
import type { Actor, Fixture, Target, World } from './fixtures.js';

// The authorization matrix (issue 6 §6): every state-changing route of the app, pages and API, with what each of five
// actors may do to a fresh target. authz-matrix.test.ts checks that this table and the app's route table
// (`createApp(...).routes`, methods POST/PUT/PATCH/DELETE) list exactly the same routes, then sends every request.
//
// Adding a route:
//  1. Add an entry below with `method` and `path` exactly as the route table shows them (including regex parts such
//     as `:id{[0-9]+}`; run the test: a route without an entry fails with its name and the pattern to copy).
//  2. `target`: a factory from fixtures.ts that makes what the route acts on, owned by "owner" (add one there if
//     needed; it returns the URL parameters by name, `:id`, `:position`, `:username`, `:name`, `:token`, `:type`).
//     A fixture whose target is the actors themselves (their accounts, their two-factor set-up) also goes in
//     CAST_TARGETS in authz-matrix.test.ts, so an allowed request is followed by a fresh cast.
//  3. `body`: a valid-ish body (form fields for pages, JSON for /api/v1). If you send a deliberately minimal body,
//     set `minimal` to say why: then a 422 from the route counts as `allowed` (authorization passed, validation did not).
//     `upload` sends multipart with a file; `siteSettings` puts settings in force for the entry (invite-only, ...).
//  4. `expect`: the outcome class for each actor (start from a preset, override what differs):
//       allowed   2xx, or a 3xx redirect anywhere but the log-in page
//       public    the same, for routes anyone may use (sign-up, log-in, signed links, guest comments, reports)
//       auth      401 for the API; a 401 page or a redirect to /login for pages
//       forbidden 403
//       hidden    404: the route hides the target's existence from this actor
// Pages are posted as a browser (session cookie and CSRF token); API entries use bearer tokens. Each entry gets a
// fresh cast and target; after any actor's request is let through, the target is made afresh for the next actor.

export type Outcome = 'allowed' | 'public' | 'auth' | 'forbidden' | 'hidden';
export type Expectations = Readonly<Record<Actor, Outcome>>;
export type Body = Record<string, unknown>;

export interface MatrixEntry {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly target: Fixture;
  readonly body?: (target: Target, w: World, actor: Actor) => Body | Promise<Body>;
  readonly expect: Expectations;
  /** Why the body is minimal: a 422 then counts as allowed. */
  readonly minimal?: string;
  /** The route's success is a redirect to the log-in page (a password reset): then that counts as allowed, not auth. */
  readonly successIsLogin?: boolean;
  /** Send the body as multipart/form-data with this file (imports). */
  readonly upload?: { readonly field: string; readonly name: string; readonly type: string; readonly content: string };
  /** Site settings in force for this entry (restored afterwards), e.g. invite-only registration for the queue. */
  readonly siteSettings?: Partial<SiteSettings>;
  /** Why the expectations are what they are, when not obvious. */
  readonly note?: string;
}

// ---- Presets ---------------------------------------------------------------------------------------------------------

/** Any signed-in account acting on its own things (settings, its bookmarks list, creating its own works). */
export const SIGNED_IN: Expectations = { anonymous: 'auth', stranger: 'allowed', moderator: 'allowed', admin: 'allowed', owner: 'allowed' };
/** Everyone, guests included. */
export const ANYONE: Expectations = { anonymous: 'public', stranger: 'public', moderator: 'public', admin: 'public', owner: 'public' };
/** The owner and administrators; other accounts and moderators are refused. */
export const OWNER_OR_ADMIN: Expectations = { anonymous: 'auth', stranger: 'forbidden', moderator: 'forbidden', admin: 'allowed', owner: 'allowed' };
/** Only the owner: another account's thing is not found for anyone else. */
export const OWNER_ONLY_HIDDEN: Expectations = { anonymous: 'auth', stranger: 'hidden', moderator: 'hidden', admin: 'hidden', owner: 'allowed' };
/** Only the owner: others are refused. */
export const OWNER_ONLY: Expectations = { anonymous: 'auth', stranger: 'forbidden', moderator: 'forbidden', admin: 'forbidden', owner: 'allowed' };
/** Administrators only. */
export const ADMIN_ONLY: Expectations = { anonymous: 'auth', stranger: 'forbidden', moderator: 'forbidden', admin: 'allowed', owner: 'forbidden' };
/** Administrators and moderators. */
export const STAFF: Expectations = { anonymous: 'auth', stranger: 'forbidden', moderator: 'allowed', admin: 'allowed', owner: 'forbidden' };
/** Readers acting on someone else's work (kudos): any account but its owner. */
export const OTHER_READERS: Expectations = { anonymous: 'auth', stranger: 'allowed', moderator: 'allowed', admin: 'allowed', owner: 'forbidden' };

const chapterFields = { title: 'A new chapter', summary: '', notes: '', end_notes: '', body: '<p>The storm came in from the west.</p>', body_format: 'html', action: 'post' };
const password = { password: TEST_PASSWORD };
const storyFile = { field: 'file', name: 'lighthouse.txt', type: 'text/plain', content: 'The Lighthouse\n\nThe lamp was lit at dusk, as it had been for a hundred years.\n' };
const notAnExport = { field: 'file', name: 'export.zip', type: 'application/zip', content: 'not a zip' };
const ownerName = (t: Target) => ({ username: t.params.username ?? '' });

// ---- Pages -----------------------------------------------------------------------------------------------------------

const accountPages: MatrixEntry[] = [
  { method: 'POST', path: '/signup', target: f.none, body: () => ({ username: unique('new'), email: `${unique('new')}@example.org`, password: TEST_PASSWORD }), expect: ANYONE },
  { method: 'POST', path: '/login', target: f.ownerAccount, body: (t) => ({ login: t.params.username, password: TEST_PASSWORD }), expect: ANYONE },
  { method: 'POST', path: '/logout', target: f.none, expect: ANYONE, note: 'Logging out without a session just goes home.' },
  { method: 'POST', path: '/login/two-factor', target: f.pendingSignIn, body: (t) => ({ code: String(t.ids.code) }), expect: ANYONE, note: 'The second step of signing in: the browser holding the signed pending sign-in (from the password step) and a code is the authority; without the pending cookie everyone is sent to log in.' },
  { method: 'POST', path: '/password-reset', target: f.ownerAccount, body: (_, w) => ({ email: w.accounts.owner.user.email }), expect: ANYONE },
  { method: 'POST', path: '/password-reset/:token', target: f.resetLink, body: () => ({ password: 'a brand new passphrase' }), expect: ANYONE, successIsLogin: true, note: 'The emailed link is the authority.' },
  { method: 'POST', path: '/unsubscribe/:token', target: f.unsubscribeLink, expect: ANYONE, note: 'The signed link is the authority (RFC 8058 one-click).' },
  { method: 'POST', path: '/settings/profile', target: f.none, body: () => ({ display_name: 'Keeper', bio: 'Lights lamps.' }), expect: SIGNED_IN },
  { method: 'POST', path: '/settings/preferences', target: f.none, body: () => ({ time_zone: 'UTC', email_frequency: 'off' }), expect: SIGNED_IN },
  { method: 'POST', path: '/settings/password', target: f.none, body: () => ({ current_password: TEST_PASSWORD, new_password: 'another long passphrase' }), expect: SIGNED_IN },
  { method: 'POST', path: '/settings/email', target: f.none, body: () => ({ email: `${unique('moved')}@example.org`, current_password: TEST_PASSWORD }), expect: SIGNED_IN },
  { method: 'POST', path: '/settings/tokens', target: f.none, body: () => ({ name: 'e-reader' }), expect: SIGNED_IN },
  { method: 'POST', path: '/settings/tokens/:id/revoke', target: f.apiToken, expect: OWNER_ONLY_HIDDEN, note: 'Tokens are looked up within the signed-in account: another account’s token is not found.' },
  { method: 'POST', path: '/settings/sessions/revoke-others', target: f.none, expect: SIGNED_IN },
  { method: 'POST', path: '/settings/sessions/:id/revoke', target: f.ownerSession, expect: OWNER_ONLY_HIDDEN },
  { method: 'POST', path: '/settings/two-factor/setup', target: f.none, expect: SIGNED_IN },
  { method: 'POST', path: '/settings/two-factor/confirm', target: f.twoFactorPending, body: (t, _, actor) => ({ code: actor === 'anonymous' ? '000000' : f.currentCode(String(t.ids[actor])) }), expect: SIGNED_IN },
  { method: 'POST', path: '/settings/two-factor/recovery-codes', target: f.twoFactorOn, body: () => ({ ...password }), expect: SIGNED_IN },
  { method: 'POST', path: '/settings/two-factor/disable', target: f.twoFactorOn, body: (t, _, actor) => ({ current_password: TEST_PASSWORD, code: String(t.ids[actor] ?? '') }), expect: SIGNED_IN, note: 'With a recovery code.' },
  { method: 'POST', path: '/settings/delete-account', target: f.none, body: () => ({ ...password, works: 'delete' }), expect: SIGNED_IN },
  { method: 'POST', path: '/settings/export', target: f.none, expect: SIGNED_IN },
  { method: 'POST', path: '/settings/export/import', target: f.none, upload: notAnExport, expect: SIGNED_IN, minimal: 'The uploaded file is not an export zip.' },
  { method: 'POST', path: '/settings/blocked', target: f.ownerAccount, body: ownerName, expect: SIGNED_IN, minimal: 'The owner blocking itself is refused with 422.' },
  { method: 'POST', path: '/settings/muted', target: f.ownerAccount, body: ownerName, expect: SIGNED_IN, minimal: 'The owner muting itself is refused with 422.' },
  { method: 'POST', path: '/users/:username/block', target: f.ownerAccount, expect: SIGNED_IN, minimal: 'The owner blocking itself is refused with 422.' },
  { method: 'POST', path: '/users/:username/unblock', target: f.ownerAccount, expect: SIGNED_IN },
  { method: 'POST', path: '/users/:username/mute', target: f.ownerAccount, expect: SIGNED_IN, minimal: 'The owner muting itself is refused with 422.' },
  { method: 'POST', path: '/users/:username/unmute', target: f.ownerAccount, expect: SIGNED_IN },
  { method: 'POST', path: '/settings/exclusions', target: f.tag, body: (t) => ({ tag: t.params.name }), expect: SIGNED_IN },
  { method: 'POST', path: '/settings/exclusions/remove', target: f.tag, body: (t) => ({ tag: t.params.name }), expect: SIGNED_IN },
  { method: 'POST', path: '/tags/:name/exclude', target: f.tag, expect: SIGNED_IN },
  { method: 'POST', path: '/history/clear', target: f.none, expect: SIGNED_IN },
  { method: 'POST', path: '/inbox/read', target: f.none, body: () => ({ all: '1' }), expect: SIGNED_IN },
  { method: 'POST', path: '/saved-searches', target: f.none, body: () => ({ name: unique('Search '), query: 'lighthouse' }), expect: SIGNED_IN },
  { method: 'POST', path: '/saved-searches/:id{[0-9]+}/delete', target: f.savedSearch, expect: OWNER_ONLY_HIDDEN },
  { method: 'POST', path: '/saved-searches/:id{[0-9]+}/feed-token', target: f.savedSearch, expect: OWNER_ONLY_HIDDEN },
  { method: 'POST', path: '/subscriptions', target: f.work, body: (t) => ({ work_id: String(t.ids.work) }), expect: SIGNED_IN },
  { method: 'POST', path: '/subscriptions/remove', target: f.work, body: (t) => ({ work_id: String(t.ids.work) }), expect: SIGNED_IN },
  { method: 'POST', path: '/subscriptions/:id{[0-9]+}/delete', target: f.subscription, expect: OWNER_ONLY_HIDDEN },
];

const workPages: MatrixEntry[] = [
  { method: 'POST', path: '/works', target: f.none, body: () => workFormFields(), expect: SIGNED_IN },
  { method: 'POST', path: '/works/import', target: f.none, upload: storyFile, expect: SIGNED_IN },
  { method: 'POST', path: '/works/:id{[0-9]+}/edit', target: f.work, body: () => workFormFields({ action: 'save' }), expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/works/:id{[0-9]+}/post', target: f.draftWork, expect: OWNER_OR_ADMIN, note: 'Editing routes answer 403 even for a draft (reading it is 404): the id of a draft is not secret, its content is.' },
  { method: 'POST', path: '/works/:id{[0-9]+}/delete', target: f.work, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/works/:id{[0-9]+}/chapters', target: f.work, body: () => chapterFields, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/works/:id{[0-9]+}/chapters/order', target: f.chapter, body: () => ({}), expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/works/:id{[0-9]+}/chapters/:position{[0-9]+}/edit', target: f.chapter, body: () => chapterFields, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/works/:id{[0-9]+}/chapters/:position{[0-9]+}/delete', target: f.chapter, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/works/:id{[0-9]+}/kudos', target: f.work, expect: { ...OTHER_READERS, anonymous: 'public' }, note: 'Guests leave kudos too; authors cannot kudos their own work.' },
  { method: 'POST', path: '/works/:id{[0-9]+}/bookmark', target: f.work, body: () => ({ notes: 'Lovely.' }), expect: SIGNED_IN },
  { method: 'POST', path: '/works/:id{[0-9]+}/later', target: f.work, expect: SIGNED_IN },
  { method: 'POST', path: '/series', target: f.none, body: () => ({ title: unique('Series '), summary: '', notes: '' }), expect: SIGNED_IN },
  { method: 'POST', path: '/series/:id{[0-9]+}/edit', target: f.series, body: () => ({ title: unique('Series '), summary: '', notes: '' }), expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/series/:id{[0-9]+}/delete', target: f.series, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/series/:id{[0-9]+}/bookmark', target: f.series, body: () => ({ notes: 'Lovely.' }), expect: SIGNED_IN },
  { method: 'POST', path: '/bookmarks/:id{[0-9]+}/delete', target: f.bookmark, expect: OWNER_ONLY },
  { method: 'POST', path: '/tags/:name/wrangle', target: f.tag, body: () => ({ action: 'canonical', canonical: 'true' }), expect: ADMIN_ONLY, note: 'Wranglers and admins; none of the five actors is a wrangler but the admin.' },
  { method: 'POST', path: '/wrangling/tags/:name', target: f.tag, body: () => ({ action: 'canonical' }), expect: ADMIN_ONLY, note: 'Wranglers and admins.' },
];

const commentPages: MatrixEntry[] = [
  { method: 'POST', path: '/works/:id{[0-9]+}/chapters/:position{[0-9]+}/comments', target: f.work, body: () => ({ body: 'What a lamp.', guest_name: 'A guest', guest_email: 'guest@example.org' }), expect: ANYONE, note: 'Works take guest comments by default.' },
  { method: 'POST', path: '/comments/:id{[0-9]+}/replies', target: f.comment, body: () => ({ body: 'Agreed.', guest_name: 'A guest', guest_email: 'guest@example.org' }), expect: ANYONE },
  { method: 'POST', path: '/comments/:id{[0-9]+}/edit', target: f.comment, body: () => ({ body: 'Edited.' }), expect: OWNER_ONLY },
  { method: 'POST', path: '/comments/:id{[0-9]+}/delete', target: f.comment, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/comments/:id{[0-9]+}/freeze', target: f.comment, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/comments/:id{[0-9]+}/unfreeze', target: f.comment, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/comments/:id{[0-9]+}/approve', target: f.pendingComment, expect: OWNER_OR_ADMIN, note: 'Approval is the work author’s (and admins’); site moderators act through the report queue.' },
  { method: 'POST', path: '/comments/:id{[0-9]+}/reject', target: f.pendingComment, expect: OWNER_OR_ADMIN, note: 'Approval is the work author’s (and admins’); site moderators act through the report queue.' },
];

// ---- API -------------------------------------------------------------------------------------------------------------

const accountApi: MatrixEntry[] = [
  { method: 'POST', path: '/api/v1/accounts', target: f.none, body: () => ({ username: unique('new'), email: `${unique('new')}@example.org`, password: TEST_PASSWORD }), expect: ANYONE },
  { method: 'POST', path: '/api/v1/tokens', target: f.ownerAccount, body: (t) => ({ login: t.params.username, password: TEST_PASSWORD, name: 'cli' }), expect: ANYONE, note: 'The credentials in the body are the authority.' },
  { method: 'DELETE', path: '/api/v1/tokens/:id', target: f.apiToken, expect: OWNER_ONLY_HIDDEN },
  { method: 'PATCH', path: '/api/v1/me', target: f.none, body: () => ({ display_name: 'Keeper' }), expect: SIGNED_IN },
  { method: 'DELETE', path: '/api/v1/me', target: f.none, body: () => ({ ...password, works: 'delete' }), expect: SIGNED_IN },
  { method: 'POST', path: '/api/v1/me/sessions/revoke-others', target: f.none, expect: SIGNED_IN },
  { method: 'DELETE', path: '/api/v1/me/sessions/:id', target: f.ownerSession, expect: OWNER_ONLY_HIDDEN },
  { method: 'POST', path: '/api/v1/me/export', target: f.none, expect: SIGNED_IN },
  { method: 'POST', path: '/api/v1/me/import-export', target: f.none, upload: notAnExport, expect: SIGNED_IN, minimal: 'The uploaded file is not an export zip.' },
  { method: 'POST', path: '/api/v1/me/exclusions', target: f.tag, body: (t) => ({ tag: t.params.name }), expect: SIGNED_IN },
  { method: 'DELETE', path: '/api/v1/me/exclusions/tags/:name', target: f.tag, expect: SIGNED_IN },
  { method: 'DELETE', path: '/api/v1/me/exclusions/authors/:username', target: f.ownerAccount, expect: SIGNED_IN },
  { method: 'POST', path: '/api/v1/me/saved-searches', target: f.none, body: () => ({ name: unique('Search '), query: 'lighthouse' }), expect: SIGNED_IN },
  { method: 'DELETE', path: '/api/v1/me/saved-searches/:id{[0-9]+}', target: f.savedSearch, expect: OWNER_ONLY_HIDDEN },
  { method: 'POST', path: '/api/v1/blocks', target: f.ownerAccount, body: ownerName, expect: SIGNED_IN, minimal: 'The owner blocking itself is refused with 422.' },
  { method: 'DELETE', path: '/api/v1/blocks/:username', target: f.ownerAccount, expect: SIGNED_IN },
  { method: 'POST', path: '/api/v1/mutes', target: f.ownerAccount, body: ownerName, expect: SIGNED_IN, minimal: 'The owner muting itself is refused with 422.' },
  { method: 'DELETE', path: '/api/v1/mutes/:username', target: f.ownerAccount, expect: SIGNED_IN },
  { method: 'DELETE', path: '/api/v1/history', target: f.none, expect: SIGNED_IN },
  { method: 'POST', path: '/api/v1/notifications/read', target: f.none, body: () => ({ all: true }), expect: SIGNED_IN },
  { method: 'POST', path: '/api/v1/subscriptions', target: f.work, body: (t) => ({ work_id: t.ids.work }), expect: SIGNED_IN },
  { method: 'DELETE', path: '/api/v1/subscriptions', target: f.work, body: (t) => ({ work_id: t.ids.work }), expect: SIGNED_IN },
  { method: 'PATCH', path: '/api/v1/tags/:name', target: f.tag, body: () => ({ canonical: true }), expect: ADMIN_ONLY, note: 'Wranglers and admins.' },
  { method: 'PATCH', path: '/api/v1/users/:username', target: f.ownerAccount, body: () => ({ wrangler: true }), expect: ADMIN_ONLY, note: 'Appointing tag wranglers.' },
];

const workApi: MatrixEntry[] = [
  { method: 'POST', path: '/api/v1/works', target: f.none, body: () => workInput(), expect: SIGNED_IN },
  { method: 'POST', path: '/api/v1/imports', target: f.none, upload: storyFile, expect: SIGNED_IN },
  { method: 'PATCH', path: '/api/v1/works/:id', target: f.work, body: () => ({ summary: 'Changed.' }), expect: OWNER_OR_ADMIN },
  { method: 'DELETE', path: '/api/v1/works/:id', target: f.work, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/api/v1/works/:id/chapters', target: f.work, body: () => ({ title: 'More', body: '<p>More.</p>' }), expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/api/v1/works/:id/chapters/order', target: f.chapter, body: (t) => ({ order: [t.ids.chapter2, t.ids.chapter1] }), expect: OWNER_OR_ADMIN },
  { method: 'PATCH', path: '/api/v1/works/:id/chapters/:position', target: f.chapter, body: () => ({ title: 'Renamed' }), expect: OWNER_OR_ADMIN },
  { method: 'DELETE', path: '/api/v1/works/:id/chapters/:position', target: f.chapter, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/api/v1/works/:id/kudos', target: f.work, expect: { ...OTHER_READERS, anonymous: 'public' } },
  { method: 'DELETE', path: '/api/v1/works/:id/kudos', target: f.work, expect: SIGNED_IN },
  { method: 'POST', path: '/api/v1/works/:id/later', target: f.work, expect: SIGNED_IN },
  { method: 'DELETE', path: '/api/v1/works/:id/later', target: f.work, expect: SIGNED_IN },
  { method: 'POST', path: '/api/v1/series', target: f.none, body: () => ({ title: unique('Series ') }), expect: SIGNED_IN },
  { method: 'PATCH', path: '/api/v1/series/:id', target: f.series, body: () => ({ summary: 'Changed.' }), expect: OWNER_OR_ADMIN },
  { method: 'DELETE', path: '/api/v1/series/:id', target: f.series, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/api/v1/bookmarks', target: f.work, body: (t) => ({ work_id: t.ids.work, notes: 'Lovely.' }), expect: SIGNED_IN },
  { method: 'DELETE', path: '/api/v1/bookmarks', target: f.bookmark, body: (t) => ({ work_id: t.ids.work }), expect: OWNER_ONLY_HIDDEN, note: 'Removes the caller’s own bookmark of the work: the others have none.' },
  { method: 'PATCH', path: '/api/v1/bookmarks/:id', target: f.bookmark, body: () => ({ notes: 'Changed.' }), expect: OWNER_ONLY },
  { method: 'DELETE', path: '/api/v1/bookmarks/:id', target: f.bookmark, expect: OWNER_ONLY },
];

const commentApi: MatrixEntry[] = [
  { method: 'POST', path: '/api/v1/works/:id/chapters/:position/comments', target: f.work, body: () => ({ body: 'What a lamp.', guest_name: 'A guest', guest_email: 'guest@example.org' }), expect: ANYONE },
  { method: 'POST', path: '/api/v1/comments/:id/replies', target: f.comment, body: () => ({ body: 'Agreed.', guest_name: 'A guest', guest_email: 'guest@example.org' }), expect: ANYONE },
  { method: 'PATCH', path: '/api/v1/comments/:id', target: f.comment, body: () => ({ body: 'Edited.' }), expect: OWNER_ONLY },
  { method: 'DELETE', path: '/api/v1/comments/:id', target: f.comment, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/api/v1/comments/:id/freeze', target: f.comment, expect: OWNER_OR_ADMIN },
  { method: 'DELETE', path: '/api/v1/comments/:id/freeze', target: f.comment, expect: OWNER_OR_ADMIN },
  { method: 'POST', path: '/api/v1/comments/:id/approve', target: f.pendingComment, expect: OWNER_OR_ADMIN, note: 'Approval is the work author’s (and admins’); site moderators act through the report queue.' },
  { method: 'POST', path: '/api/v1/comments/:id/reject', target: f.pendingComment, expect: OWNER_OR_ADMIN, note: 'Approval is the work author’s (and admins’); site moderators act through the report queue.' },
];

// ---- Staff: accounts, moderation, reports, appeals, invitations, site settings, held comments (issue 6) -------------

/** The author who appealed, and the staff who answer; nobody else. */
const APPEAL_THREAD: Expectations = { anonymous: 'auth', stranger: 'forbidden', moderator: 'allowed', admin: 'allowed', owner: 'allowed' };
const inviteOnly: Partial<SiteSettings> = { registration: 'invite_only' };
const reportBody = (t: Target) => ({ target_type: 'work', target_id: t.ids.work, category: 'spam', description: 'Advertising in the summary.', email: 'guest@example.org' });

const staffPages: MatrixEntry[] = [
  { method: 'POST', path: '/admin/users/:id/roles', target: f.ownerAccount, body: () => ({ roles: ['wrangler'], roles_reason: 'Helps with tags.' }), expect: ADMIN_ONLY },
  { method: 'POST', path: '/admin/users/:id/suspend', target: f.ownerAccount, body: () => ({ days: '3', suspend_reason: 'Spam.' }), expect: STAFF },
  { method: 'POST', path: '/admin/users/:id/ban', target: f.ownerAccount, body: () => ({ ban_reason: 'Spam.' }), expect: ADMIN_ONLY },
  { method: 'POST', path: '/admin/users/:id/lift', target: f.suspendedOwner, body: () => ({ lift_reason: 'Served.' }), expect: STAFF, note: 'The owner is the suspended account here.' },
  { method: 'POST', path: '/admin/moderation/:type/:id{[0-9]+}/hide', target: f.workToModerate, body: () => ({ reason_hide: 'Under review.' }), expect: STAFF },
  { method: 'POST', path: '/admin/moderation/:type/:id{[0-9]+}/restore', target: f.hiddenWork, body: () => ({ reason_restore: 'Cleared.' }), expect: STAFF },
  { method: 'POST', path: '/admin/moderation/:type/:id{[0-9]+}/delete', target: f.hiddenWork, body: () => ({ reason_delete: 'Illegal.' }), expect: STAFF },
  { method: 'POST', path: '/admin/comments/held/:id{[0-9]+}/approve', target: f.heldComment, expect: STAFF, note: 'The owner here is the work’s author: held comments wait for site staff, not authors.' },
  { method: 'POST', path: '/admin/comments/held/:id{[0-9]+}/delete', target: f.heldComment, expect: STAFF },
  { method: 'POST', path: '/reports/new', target: f.work, body: reportBody, expect: ANYONE, note: 'Guests report too, with an email address.' },
  { method: 'POST', path: '/admin/reports/:type/:id/notes', target: f.reportedWork, body: () => ({ body: 'Looking into it.' }), expect: STAFF, note: 'The owner is the reported author.' },
  { method: 'POST', path: '/admin/reports/:type/:id/status', target: f.reportedWork, body: () => ({ status: 'in_progress' }), expect: STAFF },
  { method: 'POST', path: '/appeals/new', target: f.hiddenWork, body: (t) => ({ target_type: 'work', target_id: String(t.ids.work), message: 'It is within the rules.' }), expect: OWNER_ONLY, note: 'Only the author of hidden content appeals.' },
  { method: 'POST', path: '/appeals/:id{[0-9]+}/messages', target: f.appeal, body: () => ({ message: 'More context.' }), expect: APPEAL_THREAD },
  { method: 'POST', path: '/appeals/:id{[0-9]+}/decide', target: f.appeal, body: () => ({ outcome: 'upheld', outcome_text: 'The rules are clear.' }), expect: STAFF, note: 'The owner is the appellant: no one decides their own appeal.' },
  { method: 'POST', path: '/admin/settings', target: f.none, body: async (_, w) => ({ ...settingsToForm(await readSiteSettings(w.t.db, w.t.config)), site_description: 'Changed.' }), siteSettings: {}, expect: ADMIN_ONLY, note: 'The whole form, as the page sends it (unticked boxes are absent).' },
  { method: 'POST', path: '/invite-requests', target: f.none, body: () => ({ email: `${unique('queue')}@example.org` }), siteSettings: inviteOnly, expect: ANYONE },
  { method: 'POST', path: '/invitations', target: f.invitationAllowance, body: () => ({ email: `${unique('friend')}@example.org` }), siteSettings: inviteOnly, expect: SIGNED_IN },
  { method: 'POST', path: '/admin/invitations/batch', target: f.inviteRequest, body: () => ({ count: '1' }), siteSettings: inviteOnly, expect: ADMIN_ONLY },
  { method: 'POST', path: '/admin/invitations/requests/:id{[0-9]+}/invite', target: f.inviteRequest, siteSettings: inviteOnly, expect: ADMIN_ONLY },
];

const staffApi: MatrixEntry[] = [
  { method: 'POST', path: '/api/v1/admin/users/:id/roles', target: f.ownerAccount, body: () => ({ roles: ['wrangler'], reason: 'Helps with tags.' }), expect: ADMIN_ONLY },
  { method: 'POST', path: '/api/v1/admin/users/:id/suspend', target: f.ownerAccount, body: () => ({ days: 3, reason: 'Spam.' }), expect: STAFF },
  { method: 'POST', path: '/api/v1/admin/users/:id/ban', target: f.ownerAccount, body: () => ({ reason: 'Spam.' }), expect: ADMIN_ONLY },
  { method: 'POST', path: '/api/v1/admin/users/:id/lift', target: f.suspendedOwner, body: () => ({ reason: 'Served.' }), expect: STAFF },
  { method: 'POST', path: '/api/v1/admin/moderation/:type/:id/hide', target: f.workToModerate, body: () => ({ reason: 'Under review.' }), expect: STAFF },
  { method: 'POST', path: '/api/v1/admin/moderation/:type/:id/restore', target: f.hiddenWork, body: () => ({ reason: 'Cleared.' }), expect: STAFF },
  { method: 'POST', path: '/api/v1/admin/moderation/:type/:id/delete', target: f.hiddenWork, body: () => ({ reason: 'Illegal.' }), expect: STAFF },
  { method: 'POST', path: '/api/v1/admin/comments/held/:id/approve', target: f.heldComment, expect: STAFF },
  { method: 'POST', path: '/api/v1/admin/comments/held/:id/delete', target: f.heldComment, expect: STAFF },
  { method: 'POST', path: '/api/v1/reports', target: f.work, body: reportBody, expect: ANYONE },
  { method: 'POST', path: '/api/v1/admin/reports/:type/:id/notes', target: f.reportedWork, body: () => ({ body: 'Looking into it.' }), expect: STAFF },
  { method: 'POST', path: '/api/v1/admin/reports/:type/:id/status', target: f.reportedWork, body: () => ({ status: 'in_progress' }), expect: STAFF },
  { method: 'POST', path: '/api/v1/appeals', target: f.hiddenWork, body: (t) => ({ target_type: 'work', target_id: t.ids.work, message: 'It is within the rules.' }), expect: OWNER_ONLY },
  { method: 'POST', path: '/api/v1/appeals/:id/messages', target: f.appeal, body: () => ({ message: 'More context.' }), expect: APPEAL_THREAD },
  { method: 'POST', path: '/api/v1/appeals/:id/decide', target: f.appeal, body: () => ({ outcome: 'upheld', outcome_text: 'The rules are clear.' }), expect: STAFF },
  { method: 'PATCH', path: '/api/v1/admin/settings', target: f.none, body: () => ({ site_description: 'Changed.' }), siteSettings: {}, expect: ADMIN_ONLY },
  { method: 'POST', path: '/api/v1/invite-requests', target: f.none, body: () => ({ email: `${unique('queue')}@example.org` }), siteSettings: inviteOnly, expect: ANYONE },
  { method: 'POST', path: '/api/v1/invitations', target: f.invitationAllowance, body: () => ({ email: `${unique('friend')}@example.org` }), siteSettings: inviteOnly, expect: SIGNED_IN },
  { method: 'POST', path: '/api/v1/admin/invitations', target: f.inviteRequest, body: (t) => ({ request_id: t.ids.request }), siteSettings: inviteOnly, expect: ADMIN_ONLY },
];

export const MATRIX: readonly MatrixEntry[] = [...accountPages, ...workPages, ...commentPages, ...staffPages, ...accountApi, ...workApi, ...commentApi, ...staffApi];
