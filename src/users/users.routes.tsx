import { Hono, type Context } from 'hono';
import { findUserByUsername } from '../accounts/users.queries.js';
import { relationsWith } from '../blocks/blocks.js';
import type { AppEnv } from '../http/env.js';
import { NotFound } from '../http/errors.js';
import { pageContext } from '../http/page-context.js';
import { pageParam } from '../http/params.js';
import { listUserSeries } from '../series/series.queries.js';
import { isSubscribed } from '../subscriptions/subscriptions.js';
import { loadWorkDetails } from '../works/work-details.js';
import { countUserWorks, listUserWorks } from '../works/works.queries.js';
import { viewerExclusions } from '../exclusions/exclusions.js';
import { countAuthorWorksForReader, listAuthorWorksForReader } from '../exclusions/exclusions.queries.js';
import { UserPage, UserSeriesPage, UserWorksPage } from './users.views.js';

/** Author pages: profile with works and series, all works, all series. */
export const userRoutes = new Hono<AppEnv>();

const PER_PAGE = 20;

/**
 * An author's works as the reader sees them: the author sees all their own (drafts too); anyone else sees posted works
 * less those under the reader's excluded tags or co-credited to a muted account, with a total that agrees.
 */
async function authorWorks(c: Context<AppEnv>, authorId: number, own: boolean, page: { limit: number; offset: number }) {
  const { db } = c.get('services');
  if (own) return Promise.all([listUserWorks(db, authorId, { includeDrafts: true, ...page }), countUserWorks(db, authorId, true)]);
  const reader = await viewerExclusions(db, c.get('user'));
  return Promise.all([listAuthorWorksForReader(db, authorId, reader, page), countAuthorWorksForReader(db, authorId, reader)]);
}

async function profileUser(c: Context<AppEnv>) {
  const user = await findUserByUsername(c.get('services').db, c.req.param('username') ?? '');
  if (!user) throw NotFound('user');
  const viewer = c.get('user');
  return { user, own: viewer?.id === user.id, relations: await relationsWith(c.get('services').db, viewer, user) };
}

userRoutes.get('/users/:username', async (c) => {
  const { db } = c.get('services');
  const { user, own, relations } = await profileUser(c);
  const [[works, total], series] = await Promise.all([authorWorks(c, user.id, own, { limit: 5, offset: 0 }), listUserSeries(db, user.id, own)]);
  return c.html(<UserPage ctx={pageContext(c)} user={user} works={await loadWorkDetails(db, works)} totalWorks={total} series={series} own={own} relations={relations} subscribed={await isSubscribed(db, c.get('user'), 'user', user.id)} />);
});

userRoutes.get('/users/:username/works', async (c) => {
  const { db } = c.get('services');
  const { user, own, relations } = await profileUser(c);
  const page = pageParam(c.req.query('page'));
  const [works, total] = await authorWorks(c, user.id, own, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
  return c.html(<UserWorksPage ctx={pageContext(c)} user={user} works={await loadWorkDetails(db, works)} total={total} page={page} perPage={PER_PAGE} muted={relations.muted} />);
});

userRoutes.get('/users/:username/series', async (c) => {
  const { user, own } = await profileUser(c);
  return c.html(<UserSeriesPage ctx={pageContext(c)} user={user} series={await listUserSeries(c.get('services').db, user.id, own)} own={own} />);
});
