import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { DbLike } from '../db/connection.js';
import { listSiteSettings, upsertSiteSetting } from '../db/site-settings.queries.js';
import type { AppEnv } from '../http/env.js';
import { WARNINGS } from '../works/ratings.js';

// Site settings an administrator changes at /admin/settings: stored in the database (site_settings, one row per
// key, JSON values) and read through a short per-process cache, so a change applies without a restart: at once in
// the process that made it, within CACHE_MS in the others. Environment variables (REGISTRATION) only give the
// first value of a setting never saved.

export const REGISTRATION_MODES = ['open', 'invite_only', 'closed'] as const;
export const COMMENT_PERMISSIONS = ['everyone', 'registered', 'none'] as const;

export const siteSettingsSchema = z.object({
  site_name: z.string().trim().min(1).max(80),
  site_description: z.string().trim().max(500),
  registration: z.enum(REGISTRATION_MODES),
  guest_comments: z.boolean(),
  downloads_enabled: z.boolean(),
  /** The archive-warning list authors choose from (the first two are the "chose not to warn" and "none apply" choices). */
  archive_warnings: z.array(z.string().trim().min(1).max(100)).min(1).max(30),
  default_comment_permission: z.enum(COMMENT_PERMISSIONS),
  /** New accounts' first comments that contain links wait for a moderator. */
  hold_first_link_comments: z.boolean(),
  /** Admins and moderators must have two-factor sign-in turned on to use their powers. */
  require_staff_two_factor: z.boolean(),
  /** How many friends a new account may invite. */
  invitations_per_account: z.number().int().min(0).max(100),
  /** Days an invitation link stays valid. */
  invitation_days: z.number().int().min(1).max(365),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;
export type SiteSettingKey = keyof SiteSettings;

/** The settings of an archive whose administrators have changed nothing. */
export function defaultSiteSettings(config: Pick<Config, 'registration'>): SiteSettings {
  return {
    site_name: 'Chapterhouse',
    site_description: 'An archive of serialized fiction.',
    registration: config.registration,
    guest_comments: true,
    downloads_enabled: true,
    archive_warnings: [...WARNINGS],
    // As new works defaulted before the setting existed: signed-in readers only.
    default_comment_permission: 'registered',
    hold_first_link_comments: true,
    require_staff_two_factor: false,
    invitations_per_account: 3,
    invitation_days: 14,
  };
}

const CACHE_MS = 2_000;
const cache = new WeakMap<object, { at: number; settings: SiteSettings }>();

/** The archive's settings: stored values over the defaults; a stored value that no longer validates is ignored. */
export async function readSiteSettings(db: DbLike, config: Pick<Config, 'registration'>): Promise<SiteSettings> {
  const settings: Record<string, unknown> = { ...defaultSiteSettings(config) };
  const shape = siteSettingsSchema.shape as Record<string, z.ZodTypeAny>;
  for (const row of await listSiteSettings(db)) {
    const field = shape[row.key];
    if (!field) continue;
    try {
      const parsed = field.safeParse(JSON.parse(row.value));
      if (parsed.success) settings[row.key] = parsed.data;
    } catch {
      // A hand-edited value that is not JSON keeps the default.
    }
  }
  return settings as SiteSettings;
}

/** The settings through the per-process cache (keyed by the database handle, so each test app has its own). */
export async function cachedSiteSettings(db: DbLike, config: Pick<Config, 'registration'>): Promise<SiteSettings> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.settings;
  const settings = await readSiteSettings(db, config);
  cache.set(db, { at: Date.now(), settings });
  return settings;
}

/** Saves the given settings (validated by the caller) and drops this process's cached copy. */
export async function saveSiteSettings(db: DbLike, changes: Partial<SiteSettings>): Promise<void> {
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined) await upsertSiteSetting(db, key, JSON.stringify(value));
  }
  forgetCachedSiteSettings(db);
}

/** Drops the cached settings for a database handle (after a write, or in tests). */
export function forgetCachedSiteSettings(db: DbLike): void {
  cache.delete(db);
}

/** Puts the site settings on every request as `c.get('settings')`. */
export const loadSiteSettings: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, config } = c.get('services');
  c.set('settings', await cachedSiteSettings(db, config));
  await next();
};
