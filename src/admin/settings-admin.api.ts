import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { readJson } from '../http/forms.js';
import { requireRole } from './roles.js';
import { updateSiteSettings } from './settings-admin.js';

/** /api/v1/admin/settings: read and change the site settings (administrators only). */
export const settingsAdminApi = new Hono<AppEnv>();

settingsAdminApi.get('/admin/settings', (c) => {
  requireRole(c, 'admin');
  return c.json(c.get('settings'));
});

settingsAdminApi.patch('/admin/settings', async (c) => {
  const admin = requireRole(c, 'admin');
  const { settings } = await updateSiteSettings(c.get('services').db, c.get('services').config, admin, await readJson(c));
  return c.json(settings);
});
