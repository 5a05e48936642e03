import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { accountApi } from './accounts/accounts.api.js';
import { accountRoutes } from './accounts/accounts.routes.js';
import { settingsRoutes } from './accounts/settings.routes.js';
import { csrfProtection } from './http/csrf.js';
import type { AppEnv, Services } from './http/env.js';
import { handleError } from './http/error-handler.js';
import { NotFound, PayloadTooLarge } from './http/errors.js';
import { loadFlash } from './http/flash.js';
import { requestContext, securityHeaders } from './http/request-log.js';
import { loadUser } from './http/session.js';
import { openApiRoutes } from './api/openapi.routes.js';
import { homeRoutes } from './home/home.routes.js';
import { seriesApi } from './series/series.api.js';
import { seriesRoutes } from './series/series.routes.js';
import { assetRoutes } from './ui/assets.routes.js';
import { userRoutes } from './users/users.routes.js';
import { workApi } from './works/works.api.js';
import { workRoutes } from './works/works.routes.js';

/** Builds the whole web application: middleware in the order every request passes it, then each domain's routes. */
export function createApp(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestContext(services));
  app.use(securityHeaders);
  app.route('/', assetRoutes);
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
  app.route('/', accountRoutes);
  app.route('/', settingsRoutes);
  app.route('/', workRoutes);
  app.route('/', seriesRoutes);
  app.route('/', userRoutes);

  app.route('/api/v1', openApiRoutes);
  app.route('/api/v1', accountApi);
  app.route('/api/v1', workApi);
  app.route('/api/v1', seriesApi);

  app.notFound(() => {
    throw NotFound();
  });
  app.onError(handleError);
  return app;
}
