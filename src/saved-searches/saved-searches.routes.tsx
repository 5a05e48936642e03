import { Hono, type Context } from 'hono';
import { requireUser } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { AppError } from '../http/errors.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext, safeReturnPath } from '../http/page-context.js';
import { idParam } from '../http/params.js';
import { renderAtomFeed } from '../feeds/atom.js';
import { ATOM_CONTENT_TYPE } from '../feeds/feeds.routes.js';
import { savedSearchFeed } from './saved-search-feed.js';
import { listSavedSearches, subscribedSavedSearchIds } from './saved-searches.queries.js';
import { createSavedSearch, deleteSavedSearch, regenerateFeedToken } from './saved-searches.js';
import { SAVED_SEARCHES_PATH, SavedSearchesPage, SaveSearchPage } from './saved-searches.views.js';

/** The saved searches page, saving from a listing, deleting, the feed link, and the private feed itself. */
export const savedSearchRoutes = new Hono<AppEnv>();

savedSearchRoutes.get(SAVED_SEARCHES_PATH, async (c) => {
  const user = requireUser(c);
  const { db } = c.get('services');
  const [searches, subscribed] = await Promise.all([listSavedSearches(db, user.id), subscribedSavedSearchIds(db, user.id)]);
  return c.html(<SavedSearchesPage ctx={pageContext(c)} searches={searches} subscribed={subscribed} timeZone={user.time_zone} />);
});

savedSearchRoutes.post(SAVED_SEARCHES_PATH, async (c) => {
  const user = requireUser(c);
  const form = await readForm(c);
  const query = form.query ?? '';
  try {
    const saved = await createSavedSearch(c.get('services').db, user, { name: form.name ?? '', query });
    return redirectWithFlash(c, safeReturnPath(form.return_to ?? SAVED_SEARCHES_PATH), `Saved “${saved.name}”. Find it under Saved searches, and subscribe there to hear of new works.`);
  } catch (error) {
    // A bad name, invalid filters or the limit: the form again, with the reader's text and every message (422).
    if (error instanceof AppError && error.status === 422) {
      return c.html(<SaveSearchPage ctx={pageContext(c)} query={query} form={{ values: form, errors: error.fields ?? {} }} />, 422);
    }
    throw error;
  }
});

async function ownAction(c: Context<AppEnv>, action: (id: number) => Promise<void>, message: string) {
  requireUser(c);
  await action(idParam(c.req.param('id'), 'saved search'));
  return redirectWithFlash(c, SAVED_SEARCHES_PATH, message);
}

savedSearchRoutes.post(`${SAVED_SEARCHES_PATH}/:id{[0-9]+}/delete`, (c) =>
  ownAction(c, (id) => deleteSavedSearch(c.get('services').db, requireUser(c), id), 'The saved search was deleted.'),
);

savedSearchRoutes.post(`${SAVED_SEARCHES_PATH}/:id{[0-9]+}/feed-token`, (c) =>
  ownAction(c, (id) => regenerateFeedToken(c.get('services').db, requireUser(c), id), 'The feed has a new private link; the old one no longer works.'),
);

/** The private feed: no session needed (feed readers have none), the token is the key. Never cached by proxies. */
savedSearchRoutes.get(`${SAVED_SEARCHES_PATH}/:id{[0-9]+}/feed.atom`, async (c) => {
  const { db, config } = c.get('services');
  const feed = await savedSearchFeed(db, config, idParam(c.req.param('id'), 'feed'), c.req.query('token'));
  return c.body(renderAtomFeed(feed), 200, { 'Content-Type': ATOM_CONTENT_TYPE, 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer' });
});
