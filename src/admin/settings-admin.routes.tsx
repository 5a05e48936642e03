import { Hono } from 'hono';
import { onInvalid } from '../http/auth.js';
import type { AppEnv } from '../http/env.js';
import { redirectWithFlash } from '../http/flash.js';
import { readForm } from '../http/forms.js';
import { pageContext } from '../http/page-context.js';
import { requireRole } from './roles.js';
import { settingsFromForm, settingsToForm, updateSiteSettings } from './settings-admin.js';
import { ADMIN_SETTINGS_PATH, SiteSettingsPage } from './settings-admin.views.js';

/** /admin/settings: the site settings form (administrators only). */
export const settingsAdminRoutes = new Hono<AppEnv>();

settingsAdminRoutes.get(ADMIN_SETTINGS_PATH, (c) => {
  requireRole(c, 'admin');
  return c.html(<SiteSettingsPage ctx={pageContext(c)} form={{ values: settingsToForm(c.get('settings')), errors: {} }} />);
});

settingsAdminRoutes.post(ADMIN_SETTINGS_PATH, async (c) => {
  const admin = requireRole(c, 'admin');
  const form = await readForm(c);
  return onInvalid(
    async () => {
      const { changed } = await updateSiteSettings(c.get('services').db, c.get('services').config, admin, settingsFromForm(form));
      return redirectWithFlash(c, ADMIN_SETTINGS_PATH, changed.length === 0 ? 'Nothing changed.' : `Saved: ${changed.map((key) => key.replaceAll('_', ' ')).join(', ')}.`);
    },
    // Checkboxes re-render as sent ('1' when ticked), the rest as typed.
    (errors) => c.html(<SiteSettingsPage ctx={pageContext(c)} form={{ values: form, errors }} />, 422),
  );
});
