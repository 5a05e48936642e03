import { Hono } from 'hono';
import { accountDeletionRoutes } from '../accounts/account-deletion.routes.js';
import type { AppEnv } from '../http/env.js';
import { exportApi } from './exports.api.js';
import { exportRoutes } from './exports.routes.js';

/** Taking your data with you and leaving (issue 5 §4–5): pages and API routes, with their full paths. */
export const portabilityRoutes = new Hono<AppEnv>();
portabilityRoutes.route('/', exportRoutes);
portabilityRoutes.route('/', exportApi);
portabilityRoutes.route('/', accountDeletionRoutes);
