import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { script, stylesheet } from './assets.js';

/** Serves the stylesheet and script under content-hashed URLs, cached for a year. */
export const assetRoutes = new Hono<AppEnv>();

for (const asset of [stylesheet, script]) {
  assetRoutes.get(asset.url, (c) => {
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(asset.body);
  });
}
