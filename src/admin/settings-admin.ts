import type { Db } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { AppError, ValidationFailed, type FieldErrors } from '../http/errors.js';
import type { FormInput } from '../http/forms.js';
import { validate } from '../http/validation.js';
import { recordAudit } from './audit.js';
import type { Config } from '../config.js';
import { forgetCachedSiteSettings, readSiteSettings, saveSiteSettings, siteSettingsSchema, type SiteSettingKey, type SiteSettings } from './site-settings.js';

// Changing the site settings (/admin/settings and PATCH /api/v1/admin/settings): validate the changed keys, store
// them and write one audit entry with the before and after of exactly those keys, in one transaction. The cache of
// this process is dropped after the commit, so the next request already sees the new values.

/** The audit target of a settings change: the archive itself has no row, so id 0 stands for it. */
export const SITE_TARGET = { type: 'site_settings', id: 0 } as const;

export const SETTING_KEYS = Object.keys(siteSettingsSchema.shape) as SiteSettingKey[];
export const CHECKBOX_SETTINGS = ['guest_comments', 'downloads_enabled', 'hold_first_link_comments', 'require_staff_two_factor'] as const;

/** Plain messages per setting, shown beside the field (zod's own are written for developers). */
const MESSAGES: Record<SiteSettingKey, string> = {
  site_name: 'Give the archive a name of 1 to 80 characters.',
  site_description: 'Keep the description to 500 characters.',
  registration: 'Choose open, invite-only or closed.',
  guest_comments: 'Choose on or off.',
  downloads_enabled: 'Choose on or off.',
  archive_warnings: 'List 1 to 30 warnings, one per line, each at most 100 characters.',
  default_comment_permission: 'Choose who may comment by default.',
  hold_first_link_comments: 'Choose on or off.',
  require_staff_two_factor: 'Choose on or off.',
  invitations_per_account: 'Give a whole number from 0 to 100.',
  invitation_days: 'Give a whole number of days from 1 to 365.',
};

const updateSchema = siteSettingsSchema.partial().strict();

function plainErrors(fields: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [name, message] of Object.entries(fields)) {
    const key = name.split('.')[0] as SiteSettingKey;
    out[key in MESSAGES ? key : name] ??= key in MESSAGES ? MESSAGES[key] : message;
  }
  return out;
}

/** The settings form's fields as a settings object (checkboxes absent mean off; the warnings come one per line). */
export function settingsFromForm(form: FormInput): Record<string, unknown> {
  const number = (value: string | undefined) => (/^\s*-?\d{1,9}\s*$/.test(value ?? '') ? Number(value) : (value ?? ''));
  const warnings = (form.archive_warnings ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return {
    site_name: form.site_name ?? '',
    site_description: form.site_description ?? '',
    registration: form.registration ?? '',
    default_comment_permission: form.default_comment_permission ?? '',
    archive_warnings: warnings,
    invitations_per_account: number(form.invitations_per_account),
    invitation_days: number(form.invitation_days),
    ...Object.fromEntries(CHECKBOX_SETTINGS.map((name) => [name, form[name] === '1' || form[name] === 'on'])),
  };
}

/** The current settings as form values, for the first render of the page. */
export function settingsToForm(settings: SiteSettings): Record<string, string> {
  return {
    site_name: settings.site_name,
    site_description: settings.site_description,
    registration: settings.registration,
    default_comment_permission: settings.default_comment_permission,
    archive_warnings: settings.archive_warnings.join('\n'),
    invitations_per_account: String(settings.invitations_per_account),
    invitation_days: String(settings.invitation_days),
    ...Object.fromEntries(CHECKBOX_SETTINGS.map((name) => [name, settings[name] ? '1' : ''])),
  };
}

/**
 * Applies the settings in `input` (any subset of the keys) as `admin`; returns the new settings and the keys that
 * changed. Unknown keys and invalid values are a 422 with one plain message per field; nothing is stored then.
 */
export async function updateSiteSettings(db: Db, config: Pick<Config, 'registration'>, admin: User, input: unknown, reason = ''): Promise<{ settings: SiteSettings; changed: SiteSettingKey[] }> {
  let data: Partial<SiteSettings>;
  try {
    data = validate(updateSchema, input);
  } catch (error) {
    if (error instanceof AppError && error.status === 422) throw ValidationFailed(plainErrors(error.fields ?? {}));
    throw error;
  }
  if (data.archive_warnings) data.archive_warnings = [...new Set(data.archive_warnings)];
  const result = await db.transaction().execute(async (trx) => {
    // Compare with the stored values, not this process's cached copy (another process may have saved meanwhile).
    const current = await readSiteSettings(trx, config);
    const changed = SETTING_KEYS.filter((key) => data[key] !== undefined && JSON.stringify(data[key]) !== JSON.stringify(current[key]));
    const before = Object.fromEntries(changed.map((key) => [key, current[key]]));
    const after = Object.fromEntries(changed.map((key) => [key, data[key]]));
    if (changed.length > 0) {
      await saveSiteSettings(trx, after as Partial<SiteSettings>);
      await recordAudit(trx, { actorId: admin.id, action: 'settings.update', targetType: SITE_TARGET.type, targetId: SITE_TARGET.id, reason, before, after });
    }
    return { settings: { ...current, ...after } as SiteSettings, changed };
  });
  forgetCachedSiteSettings(db);
  return result;
}
