import { test } from 'vitest';
import { updateUser } from '../../src/accounts/users.queries.js';
import { forgetCachedSiteSettings, saveSiteSettings } from '../../src/admin/site-settings.js';
import { forEachDatabase, type TestContext } from '../helpers.js';
import * as f from './fixtures.js';
import type { World } from './fixtures.js';

// Beyond the matrix (matrix.ts varies the actor; these vary the target's and the actor's standing): what another
// account may do to content a moderator hid or a draft, and what suspended, banned and staff-without-two-factor
// accounts may still do. Each case names the answer it expects.

interface Case {
  readonly name: string;
  readonly status: number;
  readonly run: (t: TestContext, w: World) => Promise<Response>;
}

/** Another account's requests about a target it must not know exists (hidden by a moderator, or a draft). */
function unseen(what: string, make: f.Fixture, field: 'work_id' | 'series_id'): Case[] {
  const id = async (w: World) => (await make(w)).ids[field === 'work_id' ? 'work' : 'series']!;
  const stranger = (w: World) => w.accounts.stranger;
  return [
    { name: `bookmark a ${what}`, status: 404, run: async (t, w) => t.api('POST', '/api/v1/bookmarks', { token: stranger(w).token, json: { [field]: await id(w) } }) },
    { name: `subscribe to a ${what}`, status: 404, run: async (t, w) => t.api('POST', '/api/v1/subscriptions', { token: stranger(w).token, json: { [field]: await id(w) } }) },
    ...(field === 'work_id'
      ? [
          { name: `kudos on a ${what}`, status: 404, run: async (t: TestContext, w: World) => t.api('POST', `/api/v1/works/${await id(w)}/kudos`, { token: stranger(w).token }) },
          { name: `kudos on a ${what}, as a guest`, status: 404, run: async (t: TestContext, w: World) => t.api('POST', `/api/v1/works/${await id(w)}/kudos`) },
          { name: `comment on a ${what}`, status: 404, run: async (t: TestContext, w: World) => t.api('POST', `/api/v1/works/${await id(w)}/chapters/1/comments`, { token: stranger(w).token, json: { body: 'Hello.' } }) },
          { name: `mark a ${what} for later`, status: 404, run: async (t: TestContext, w: World) => t.api('POST', `/api/v1/works/${await id(w)}/later`, { token: stranger(w).token }) },
          { name: `report a ${what}`, status: 404, run: async (t: TestContext, w: World) => t.api('POST', '/api/v1/reports', { token: stranger(w).token, json: { target_type: 'work', target_id: await id(w), category: 'spam', description: 'Spam.' } }) },
          { name: `bookmark a ${what} from its page`, status: 404, run: async (_: TestContext, w: World) => stranger(w).browser.post(`/works/${await id(w)}/bookmark`, { notes: 'x' }) },
        ]
      : []),
  ];
}

const hiddenSeries: f.Fixture = async (w) => {
  const made = await f.series(w);
  const response = await w.t.api('POST', `/api/v1/admin/moderation/series/${made.params.id}/hide`, { token: w.accounts.admin.token, json: { reason: 'Under review.' } });
  if (response.status !== 200) throw new Error(`hiding the series failed with ${response.status}`);
  return made;
};

async function suspend(t: TestContext, w: World, who: 'stranger' | 'moderator'): Promise<void> {
  await updateUser(t.db, w.accounts[who].user.id, { suspended_until: new Date(Date.now() + 86_400_000).toISOString(), suspension_reason: 'Spam.' });
}

const CASES: readonly Case[] = [
  ...unseen('work hidden by a moderator', f.hiddenWork, 'work_id'),
  ...unseen('draft', f.draftWork, 'work_id'),
  ...unseen('series hidden by a moderator', hiddenSeries, 'series_id'),
  {
    name: 'reply to a comment hidden by a moderator',
    status: 403,
    run: async (t, w) => {
      const { params } = await f.comment(w);
      await t.api('POST', `/api/v1/admin/moderation/comments/${params.id}/hide`, { token: w.accounts.admin.token, json: { reason: 'Rude.' } });
      return t.api('POST', `/api/v1/comments/${params.id}/replies`, { token: w.accounts.stranger.token, json: { body: 'Hello.' } });
    },
  },
  { name: 'a moderator suspends an administrator', status: 403, run: async (t, w) => t.api('POST', `/api/v1/admin/users/${w.accounts.admin.user.id}/suspend`, { token: w.accounts.moderator.token, json: { days: 1, reason: 'No.' } }) },
  { name: 'a moderator suspends another moderator', status: 403, run: async (t, w) => t.api('POST', `/api/v1/admin/users/${(await f.makeAccount(t, 'moderator')).user.id}/suspend`, { token: w.accounts.moderator.token, json: { days: 1, reason: 'No.' } }) },
  {
    name: 'a banned account’s token and session write',
    status: 401,
    run: async (t, w) => {
      await t.api('POST', `/api/v1/admin/users/${w.accounts.stranger.user.id}/ban`, { token: w.accounts.admin.token, json: { reason: 'Spam.' } });
      const page = await w.accounts.stranger.browser.post('/series', { title: 'Still here' });
      const api = await t.api('POST', '/api/v1/series', { token: w.accounts.stranger.token, json: { title: 'Still here' } });
      return page.status === api.status ? api : new Response(null, { status: 599 });
    },
  },
  ...(
    [
      ['post a work', (t, w) => t.api('POST', '/api/v1/works', { token: w.accounts.stranger.token, json: { title: 'x' } })],
      ['leave kudos', async (t, w) => t.api('POST', `/api/v1/works/${(await f.work(w)).ids.work}/kudos`, { token: w.accounts.stranger.token })],
      ['comment', async (t, w) => t.api('POST', `/api/v1/works/${(await f.work(w)).ids.work}/chapters/1/comments`, { token: w.accounts.stranger.token, json: { body: 'Hi.' } })],
      ['bookmark', async (t, w) => t.api('POST', '/api/v1/bookmarks', { token: w.accounts.stranger.token, json: { work_id: (await f.work(w)).ids.work } })],
      ['invite a friend', (t, w) => t.api('POST', '/api/v1/invitations', { token: w.accounts.stranger.token, json: { email: 'friend@example.org' } })],
      ['import an export', (t, w) => t.api('POST', '/api/v1/me/import-export', { token: w.accounts.stranger.token, json: {} })],
    ] as const satisfies readonly (readonly [string, Case['run']])[]
  ).map(([what, run]): Case => ({ name: `a suspended account may not ${what}`, status: 403, run: async (t, w) => (await suspend(t, w, 'stranger'), run(t, w)) })),
  {
    name: 'a suspended moderator decides an appeal',
    status: 403,
    run: async (t, w) => {
      const { params } = await f.appeal(w);
      await suspend(t, w, 'moderator');
      return t.api('POST', `/api/v1/appeals/${params.id}/decide`, { token: w.accounts.moderator.token, json: { outcome: 'restored', outcome_text: 'Fine.' } });
    },
  },
  {
    name: 'with two-factor required for staff, a moderator without it decides an appeal',
    status: 403,
    run: async (t, w) => {
      const { params } = await f.appeal(w);
      await saveSiteSettings(t.db, { require_staff_two_factor: true });
      forgetCachedSiteSettings(t.db);
      try {
        return await t.api('POST', `/api/v1/appeals/${params.id}/decide`, { token: w.accounts.moderator.token, json: { outcome: 'restored', outcome_text: 'Fine.' } });
      } finally {
        await saveSiteSettings(t.db, { require_staff_two_factor: false });
        forgetCachedSiteSettings(t.db);
      }
    },
  },
];

forEachDatabase((t) => {
  for (const c of CASES) {
    test(c.name, async ({ expect }) => {
      const ctx = t();
      await ctx.db.deleteFrom('rate_limits').execute();
      const response = await c.run(ctx, await f.makeWorld(ctx));
      expect(response.status, (await response.text()).slice(0, 200)).toBe(c.status);
    });
  }
});
