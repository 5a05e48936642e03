import crypto from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { idParam } from '../http/params.js';
import { feedUpdated, renderAtomFeed, type AtomFeed } from './atom.js';
import { seriesFeed, tagFeed, userFeed, workFeed } from './feeds.js';
import { viewerExclusions } from '../exclusions/exclusions.js';

/** Atom feeds of an author's works, a series' parts, a work's chapters and a tag's works. */
export const feedRoutes = new Hono<AppEnv>();

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

/**
 * Sends a feed with validators, answering 304 when the reader already holds this exact document. Feed readers
 * poll often; five minutes of caching keeps that cheap without delaying new chapters much. Only the ETag (a hash
 * of the body) decides freshness: Last-Modified is informative, since some changes that alter a feed (a tag or
 * series renamed, an author's username changed) leave every entry's `updated` as it was.
 */
function sendFeed(c: Context<AppEnv>, feed: AtomFeed): Response {
  const body = renderAtomFeed(feed);
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  // A feed fetched with a session leaves out what that reader excludes: only their own browser may cache it.
  const cacheControl = c.get('user') ? 'private, max-age=300' : 'public, max-age=300';
  const headers = { 'Cache-Control': cacheControl, Vary: 'Cookie, Authorization', ETag: etag, 'Last-Modified': new Date(feedUpdated(feed)).toUTCString() };
  const ifNoneMatch = c.req.header('if-none-match');
  const fresh = ifNoneMatch?.split(',').some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '') === etag) ?? false;
  if (fresh) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'Content-Type': ATOM_CONTENT_TYPE });
}

/** What the requesting reader excludes; nothing without a session (the usual feed reader). */
const readerOf = (c: Context<AppEnv>) => viewerExclusions(c.get('services').db, c.get('user'));

feedRoutes.get('/users/:username/feed.atom', async (c) =>
  sendFeed(c, await userFeed(c.get('services').db, c.get('services').config, c.req.param('username'), await readerOf(c))),
);

feedRoutes.get('/series/:id/feed.atom', async (c) =>
  sendFeed(c, await seriesFeed(c.get('services').db, c.get('services').config, idParam(c.req.param('id'), 'series'), await readerOf(c))),
);

feedRoutes.get('/works/:id/feed.atom', async (c) =>
  sendFeed(c, await workFeed(c.get('services').db, c.get('services').config, idParam(c.req.param('id'), 'work'))),
);

feedRoutes.get('/tags/:name/feed.atom', async (c) =>
  sendFeed(c, await tagFeed(c.get('services').db, c.get('services').config, c.req.param('name'), await readerOf(c))),
);
