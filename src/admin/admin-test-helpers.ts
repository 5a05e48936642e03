import type { User } from '../db/schema.js';
import { TEST_PASSWORD, type TestBrowser, type TestContext } from '../../test/helpers.js';

// Test support for the admin area's tests: accounts holding roles, and browsers signed in as them.

type Role = 'admin' | 'moderator' | 'wrangler';

/** An account (with a bearer token) holding `roles`. */
export async function staffUser(t: TestContext, roles: readonly Role[] = []): Promise<{ user: User; token: string }> {
  const { user, token } = await t.apiUser({ admin: roles.includes('admin') });
  await t.db
    .updateTable('users')
    .set({ is_moderator: roles.includes('moderator') ? 1 : 0, is_wrangler: roles.includes('wrangler') ? 1 : 0 })
    .where('id', '=', user.id)
    .execute();
  return { user: await t.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow(), token };
}

/** A browser signed in as `user` through the login form. */
export async function signedIn(t: TestContext, user: User): Promise<TestBrowser> {
  const browser = t.browser();
  await browser.get('/login');
  const response = await browser.post('/login', { login: user.username, password: TEST_PASSWORD, return_to: '/' });
  if (response.status !== 303) throw new Error(`login failed with ${response.status}`);
  return browser;
}
