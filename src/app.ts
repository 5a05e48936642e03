import { Hono } from 'hono';
import { emailLinkRoutes } from './accounts/email-links.routes.js';
import { adminOutboxRoutes } from './admin/outbox.routes.js';
import { adminRoutes } from './admin/admin.routes.js';
import { accountsAdminApi } from './admin/accounts-admin.api.js';
import { accountsAdminRoutes } from './admin/accounts-admin.routes.js';
import { auditLogApi, auditLogRoutes } from './admin/audit-log.routes.js';
import { enforceSuspension } from './admin/suspension.js';
import { requireStaffTwoFactor, staffPowersNeedTwoFactor } from './admin/staff-two-factor.js';
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
import { refuseNulInUrl } from './http/nul-guard.js';
import { NotFound, PayloadTooLarge } from './http/errors.js';
import { loadFlash } from './http/flash.js';
import { invalidateAfterWrite } from './http/cache-invalidation.js';
import { sharedPages } from './http/shared-pages.js';
import { compressResponses } from './http/compression.js';
import { pageCacheFor } from './http/page-cache.js';
import { requestContext, securityHeaders } from './http/request-log.js';
import { loadUser } from './http/session.js';
import { rateLimits } from './http/rate-limit.js';
import { heldCommentRoutes } from './spam/held-comments.routes.js';
import { heldCommentsApi } from './spam/held-comments.api.js';
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
import { reportRoutes } from './reports/reports.routes.js';
import { reportsApi } from './reports/reports.api.js';
import { settingsAdminRoutes } from './admin/settings-admin.routes.js';
import { settingsAdminApi } from './admin/settings-admin.api.js';
import { invitationRoutes } from './invitations/invitations.routes.js';
import { invitationsApi } from './invitations/invitations.api.js';
import { moderationRoutes } from './moderation/moderation.routes.js';
import { moderationApi } from './moderation/moderation.api.js';
import { appealRoutes } from './moderation/appeals.routes.js';
import { appealsApi } from './moderation/appeals.api.js';

/** Builds the whole web application: middleware in the order every request passes it, then each domain's routes. */
export function createApp(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // The render cache lives as long as the database handle; sized here, before any request reaches it.
  pageCacheFor(services.db, services.config.pageCacheMb * 1024 * 1024);
  app.use(requestContext(services));
  app.use(securityHeaders);
  app.use(refuseNulInUrl);
  // Outside every route and validator: ETags and 304s are decided on the plain bytes (src/http/compression.ts).
  app.use(compressResponses);
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
  // A suspended account reads but does not write (src/admin/suspension.ts has what stays open).
  app.use(enforceSuspension);
  app.use(csrfProtection);
  app.use(loadFlash);
  // After the CSRF check, so a forged cross-site post never uses up a victim's allowance.
  app.use(rateLimits);

  // Staff without two-factor sign-in, when the site requires it, are stopped before any admin route (and before
  // deciding an appeal, the one moderator power outside /admin).
  for (const path of ['/admin', '/admin/*', '/api/v1/admin', '/api/v1/admin/*', '/appeals/:id/decide', '/api/v1/appeals/:id/decide']) app.use(path, requireStaffTwoFactor);
  app.use(staffPowersNeedTwoFactor);
  // Writes drop the cached pages they change; guests' public pages are served from the render cache.
  app.use(invalidateAfterWrite);
  app.use(sharedPages);

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
  app.route('/', adminRoutes);
  app.route('/', accountsAdminRoutes);
  app.route('/', auditLogRoutes);
  app.route('/', commentRoutes);
  app.route('/', blocksRoutes);
  app.route('/', tagRoutes);
  app.route('/', wranglingRoutes);
  app.route('/', exclusionsRoutes);
  app.route('/', portabilityRoutes);
  app.route('/', savedSearchRoutes);
  app.route('/', heldCommentRoutes);
  app.route('/', reportRoutes);
  app.route('/', settingsAdminRoutes);
  app.route('/', invitationRoutes);
  app.route('/', moderationRoutes);
  app.route('/', appealRoutes);

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
  app.route('/api/v1', heldCommentsApi);
  app.route('/api/v1', reportsApi);
  app.route('/api/v1', accountsAdminApi);
  app.route('/api/v1', auditLogApi);
  app.route('/api/v1', settingsAdminApi);
  app.route('/api/v1', invitationsApi);
  app.route('/api/v1', moderationApi);
  app.route('/api/v1', appealsApi);

  app.notFound(() => {
    throw NotFound();
  });
  app.onError(handleError);
  return app;
}
