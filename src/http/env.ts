import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { User } from '../db/schema.js';
import type { SiteSettings } from '../admin/site-settings.js';

/** Long-lived things every request can use. Built once by the server (or a test) and handed to createApp. */
export interface Services {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  /** Signs CSRF tokens; from SECRET or generated once and kept in the database. */
  readonly secret: string;
}

/** How the current request proved who it is. */
export type AuthVia = 'session' | 'token' | undefined;

export interface AppEnv {
  Variables: {
    services: Services;
    requestId: string;
    log: Logger;
    user: User | undefined;
    authVia: AuthVia;
    csrfToken: string;
    flash: string | undefined;
    /** True while rendering a guest's page that the render cache will share with every guest (src/http/shared-pages.ts). */
    sharedRender: boolean | undefined;
    /** The work a rendered reading page counted a guest's hit for (so cached copies of it count hits too). */
    hitWorkId: number | undefined;
    /** The site settings administrators control (src/admin/site-settings.ts). */
    settings: SiteSettings;
  };
}
