import { Hono, type Context } from 'hono';
import type { User } from '../db/schema.js';
import { BASIC_CHALLENGE } from '../http/credentials.js';
import type { AppEnv } from '../http/env.js';
import { Unauthorized } from '../http/errors.js';
import { catalogUrl } from './opds-entries.js';
import { ACQUISITION_TYPE, NAVIGATION_TYPE, OPENSEARCH_TYPE, renderOpdsFeed, renderOpenSearchDescription, type OpdsFeed } from './opds-xml.js';
import {
  bookmarksFeed,
  catalogReader,
  fandomsFeed,
  popularTagsFeed,
  recentFeed,
  rootFeed,
  searchFeed,
  subscriptionsFeed,
  tagWorksFeed,
  type CatalogReader,
} from './opds.js';

/** The OPDS 1.2 catalog for e-reader apps, under /opds. Readers sign in with a personal access token (Bearer or Basic). */
export const opdsRoutes = new Hono<AppEnv>();

/** Highest page number read from `?page=`; beyond it (or anything that is not a page number) means page 1. */
const MAX_PAGE = 100_000;

function pageParam(c: Context<AppEnv>): number {
  const value = c.req.query('page') ?? '1';
  const page = /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return page >= 1 && page <= MAX_PAGE ? page : 1;
}

/**
 * Sends a catalog document. A signed-in reader's catalog is theirs alone (their lists, mutes, adult preference), so it
 * is private; a guest's is the same for every guest and may be cached briefly.
 */
function send(c: Context<AppEnv>, body: string, type: string): Response {
  const cache = c.get('user') ? 'private, no-cache' : 'public, max-age=300';
  // A catalog document has no forms, so it needs no CSRF cookie; and a response a shared cache may keep must not set
  // one, or the cache would hand the same cookie to every visitor.
  c.header('Set-Cookie', undefined);
  return c.body(body, 200, { 'Content-Type': `${type};charset=utf-8`, 'Cache-Control': cache, Vary: 'Authorization, Cookie' });
}

function sendFeed(c: Context<AppEnv>, feed: OpdsFeed): Response {
  return send(c, renderOpdsFeed(feed), feed.kind === 'navigation' ? NAVIGATION_TYPE : ACQUISITION_TYPE);
}

/** The signed-in reader, or a 401 that invites the app to send Basic credentials (username and access token). */
function requireReader(c: Context<AppEnv>): User {
  const user = c.get('user');
  if (user) return user;
  c.header('WWW-Authenticate', BASIC_CHALLENGE);
  throw Unauthorized('Sign in with your username and a personal access token (Settings, Access tokens) as the password.');
}

async function reader(c: Context<AppEnv>, user = c.get('user')): Promise<CatalogReader> {
  return catalogReader(c.get('services').db, user);
}

const services = (c: Context<AppEnv>) => {
  const settings = c.get('settings');
  return { db: c.get('services').db, site: { baseUrl: c.get('services').config.baseUrl, siteName: settings.site_name, downloads: settings.downloads_enabled } };
};

const showRoot = async (c: Context<AppEnv>) => sendFeed(c, rootFeed(services(c).site, await reader(c)));
opdsRoutes.get('/opds', showRoot);
// People type the catalog address into e-reader apps by hand, often with a trailing slash.
opdsRoutes.get('/opds/', showRoot);

// Where a guest goes to be asked for credentials: apps that wait for a challenge before sending them (Thorium) get one.
opdsRoutes.get('/opds/signin', async (c) => sendFeed(c, rootFeed(services(c).site, await reader(c, requireReader(c)))));

opdsRoutes.get('/opds/recent', async (c) => {
  const { db, site } = services(c);
  return sendFeed(c, await recentFeed(db, site, await reader(c), pageParam(c)));
});

opdsRoutes.get('/opds/fandoms', async (c) => {
  const { db, site } = services(c);
  return sendFeed(c, await fandomsFeed(db, site, await reader(c), pageParam(c)));
});

opdsRoutes.get('/opds/tags', async (c) => {
  const { db, site } = services(c);
  return sendFeed(c, await popularTagsFeed(db, site, await reader(c), pageParam(c)));
});

opdsRoutes.get('/opds/tags/:name', async (c) => {
  const { db, site } = services(c);
  return sendFeed(c, await tagWorksFeed(db, site, await reader(c), c.req.param('name'), pageParam(c)));
});

opdsRoutes.get('/opds/search', async (c) => {
  const { db, site } = services(c);
  return sendFeed(c, await searchFeed(db, site, await reader(c), (c.req.query('q') ?? '').slice(0, 1000), pageParam(c)));
});

opdsRoutes.get('/opds/subscriptions', async (c) => {
  const { db, site } = services(c);
  const user = requireReader(c);
  return sendFeed(c, await subscriptionsFeed(db, site, { ...(await reader(c, user)), user }, pageParam(c)));
});

opdsRoutes.get('/opds/bookmarks', async (c) => {
  const { db, site } = services(c);
  const user = requireReader(c);
  return sendFeed(c, await bookmarksFeed(db, site, { ...(await reader(c, user)), user }, pageParam(c)));
});

opdsRoutes.get('/opds/opensearch.xml', (c) => {
  const { site } = services(c);
  const description = renderOpenSearchDescription({
    // OpenSearch short names are at most 16 characters.
    shortName: site.siteName.slice(0, 16),
    description: 'Search the works on this archive by title, author, tag, series or summary.',
    template: `${catalogUrl(site, '/search')}?q={searchTerms}`,
    selfUrl: catalogUrl(site, '/opensearch.xml'),
  });
  return send(c, description, OPENSEARCH_TYPE);
});
