import { Hono } from 'hono';
import { emailLinkRoutes } from './accounts/email-links.routes.js';
import { adminOutboxRoutes } from './admin/outbox.routes.js';
import { loadSiteSettings } from './admin/site-settings.js';
import { inboxRoutes } from './notifications/inbox.routes.js';
import { notificationsApi } from './notifications/notifications.api.js';
import { subscriptionRoutes } from './subscriptions/subscriptions.routes.js';
import { subscriptionsApi } from './subscriptions/subscriptions.api.js';
import { bodyLimit } from 'hono/body-limit';
import { accountApi } from './accounts/accounts.api.js';
import { accountRoutes } from './accounts/accounts.routes.js';
import { settingsRoutes } from './accounts/settings.routes.js';
import { twoFactorRoutes } from './accounts/two-factor.routes.js';
import { csrfProtection } from './http/csrf.js';
import type { AppEnv, Services } from './http/env.js';
import { handleError } from './http/error-handler.js';
import { NotFound, PayloadTooLarge } from './http/errors.js';
import { loadFlash } from './http/flash.js';
import { requestContext, securityHeaders } from './http/request-log.js';
import { loadUser } from './http/session.js';
import { openApiRoutes } from './api/openapi.routes.js';
import { blocksApi } from './blocks/blocks.api.js';
import { blocksRoutes } from './blocks/blocks.routes.js';
import { commentApi } from './comments/comments.api.js';
import { commentRoutes } from './comments/comments.routes.js';
import { homeRoutes } from './home/home.routes.js';
import { feedRoutes } from './feeds/feeds.routes.js';
import { downloadRoutes } from './downloads/downloads.routes.js';
import { opdsRoutes } from './opds/opds.routes.js';
import { bookmarkApi } from './bookmarks/bookmarks.api.js';
import { bookmarkRoutes } from './bookmarks/bookmarks.routes.js';
import { historyApi } from './history/history.api.js';
import { historyRoutes } from './history/history.routes.js';
import { kudosApi } from './kudos/kudos.api.js';
import { kudosRoutes } from './kudos/kudos.routes.js';
import { seriesApi } from './series/series.api.js';
import { seriesRoutes } from './series/series.routes.js';
import { searchApi } from './search/search.api.js';
import { searchRoutes } from './search/search.routes.js';
import { tagsApi } from './tags/tags.api.js';
import { exclusionsApi } from './exclusions/exclusions.api.js';
import { exclusionsRoutes } from './exclusions/exclusions.routes.js';
import { portabilityRoutes } from './exports/portability.routes.js';
import { tagRoutes } from './tags/tags.routes.js';
import { wranglingRoutes } from './wrangling/wrangling.routes.js';
import { wranglingApi } from './wrangling/wrangling.api.js';
import { assetRoutes } from './ui/assets.routes.js';
import { userRoutes } from './users/users.routes.js';
import { workApi } from './works/works.api.js';
import { workRoutes } from './works/works.routes.js';
import { importRoutes } from './imports/imports.routes.js';
import { importsApi } from './imports/imports.api.js';
import { savedSearchRoutes } from './saved-searches/saved-searches.routes.js';
import { savedSearchesApi } from './saved-searches/saved-searches.api.js';

/** Builds the whole web application: middleware in the order every request passes it, then each domain's routes. */
export function createApp(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestContext(services));
  app.use(securityHeaders);
  app.route('/', assetRoutes);
  app.use(loadSiteSettings);
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.use(
    bodyLimit({
      maxSize: services.config.maxBodyBytes,
      onError: () => {
        throw PayloadTooLarge();
      },
    }),
  );
  app.use(loadUser);
  app.use(csrfProtection);
  app.use(loadFlash);

  app.route('/', homeRoutes);
  // Before the domain pages, so a catch-all page route (e.g. a tag name with slashes) never swallows a feed URL.
  app.route('/', feedRoutes);
  app.route('/', downloadRoutes);
  app.route('/', opdsRoutes);
  app.route('/', accountRoutes);
  app.route('/', settingsRoutes);
  app.route('/', twoFactorRoutes);
  app.route('/', importRoutes);
  app.route('/', workRoutes);
  app.route('/', searchRoutes);
  app.route('/', seriesRoutes);
  app.route('/', userRoutes);
  app.route('/', kudosRoutes);
  app.route('/', bookmarkRoutes);
  app.route('/', historyRoutes);
  app.route('/', inboxRoutes);
  app.route('/', emailLinkRoutes);
  app.route('/', subscriptionRoutes);
  app.route('/', adminOutboxRoutes);
  app.route('/', commentRoutes);
  app.route('/', blocksRoutes);
  app.route('/', tagRoutes);
  app.route('/', wranglingRoutes);
  app.route('/', exclusionsRoutes);
  app.route('/', portabilityRoutes);
  app.route('/', savedSearchRoutes);

  app.route('/api/v1', openApiRoutes);
  app.route('/api/v1', accountApi);
  app.route('/api/v1', workApi);
  app.route('/api/v1', importsApi);
  app.route('/api/v1', searchApi);
  app.route('/api/v1', seriesApi);
  app.route('/api/v1', kudosApi);
  app.route('/api/v1', bookmarkApi);
  app.route('/api/v1', historyApi);
  app.route('/api/v1', notificationsApi);
  app.route('/api/v1', subscriptionsApi);
  app.route('/api/v1', commentApi);
  app.route('/api/v1', blocksApi);
  app.route('/api/v1', tagsApi);
  app.route('/api/v1', wranglingApi);
  app.route('/api/v1', exclusionsApi);
  app.route('/api/v1', savedSearchesApi);

  app.notFound(() => {
    throw NotFound();
  });
  app.onError(handleError);
  return app;
}
