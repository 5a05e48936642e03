import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { openApiDocument } from './openapi.js';

/** The document depends only on the base URL, which is fixed per server, so each one is built once. */
const documents = new Map<string, Record<string, unknown>>();

function documentFor(baseUrl: string): Record<string, unknown> {
  let document = documents.get(baseUrl);
  if (!document) {
    document = openApiDocument(baseUrl);
    documents.set(baseUrl, document);
  }
  return document;
}

/** GET /api/v1/openapi.json: the API's own description. */
export const openApiRoutes = new Hono<AppEnv>();

openApiRoutes.get('/openapi.json', (c) => c.json(documentFor(c.get('services').config.baseUrl)));
