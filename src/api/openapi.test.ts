import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv, Services } from '../http/env.js';
import { openApiDocument } from './openapi.js';
import { openApiRoutes } from './openapi.routes.js';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const doc = openApiDocument('https://archive.example');

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows a local JSON pointer such as `#/components/schemas/Work`; undefined when it leads nowhere. */
function resolvePointer(pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of pointer.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

const deref = (node: unknown): unknown => (isObject(node) && typeof node.$ref === 'string' ? deref(resolvePointer(node.$ref)) : node);

function collect(node: unknown, visit: (object: Json, path: string) => void, path = '#'): void {
  if (Array.isArray(node)) node.forEach((item, i) => collect(item, visit, `${path}/${i}`));
  else if (isObject(node)) {
    visit(node, path);
    for (const [key, value] of Object.entries(node)) collect(value, visit, `${path}/${key}`);
  }
}

function operations(): { path: string; method: string; operation: Json; pathItem: Json }[] {
  const out: { path: string; method: string; operation: Json; pathItem: Json }[] = [];
  for (const [path, pathItem] of Object.entries(doc.paths as Json)) {
    if (!isObject(pathItem)) continue;
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (isObject(operation)) out.push({ path, method, operation, pathItem });
    }
  }
  return out;
}

describe('openApiDocument', () => {
  it('is an OpenAPI 3.1 document served under /api/v1', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.servers).toEqual([{ url: 'https://archive.example/api/v1' }]);
    expect(openApiDocument('https://archive.example/').servers).toEqual([{ url: 'https://archive.example/api/v1' }]);
  });

  it('describes every endpoint of the API', () => {
    const expected: Record<string, string[]> = {
      '/openapi.json': ['get'],
      '/accounts': ['post'],
      '/tokens': ['get', 'post'],
      '/tokens/{id}': ['delete'],
      '/me': ['get', 'patch'],
      '/users/{username}': ['get', 'patch'],
      '/tags/{name}': ['get', 'patch'],
      '/works': ['get', 'post'],
      '/works/{id}': ['get', 'patch', 'delete'],
      '/works/{id}/chapters': ['get', 'post'],
      '/works/{id}/chapters/order': ['post'],
      '/works/{id}/chapters/{position}': ['get', 'patch', 'delete'],
      '/series': ['post'],
      '/series/{id}': ['get', 'patch', 'delete'],
      '/blocks': ['get', 'post'],
      '/blocks/{username}': ['delete'],
      '/mutes': ['get', 'post'],
      '/mutes/{username}': ['delete'],
      '/subscriptions': ['get', 'post', 'delete'],
      '/notifications': ['get'],
      '/notifications/read': ['post'],
    };
    const paths = doc.paths as Json;
    for (const [path, methods] of Object.entries(expected)) {
      expect(paths[path], path).toBeDefined();
      for (const method of methods) expect((paths[path] as Json)[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
  });

  it('gives every operation a unique operationId, a summary, declared tags and responses', () => {
    const declaredTags = new Set((doc.tags as { name: string }[]).map((t) => t.name));
    const ids = new Set<string>();
    for (const { path, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.operationId, where).toEqual(expect.any(String));
      expect(ids.has(operation.operationId as string), `${where}: duplicate operationId`).toBe(false);
      ids.add(operation.operationId as string);
      expect(operation.summary, where).toEqual(expect.any(String));
      expect(operation.tags, where).toEqual(expect.arrayContaining([expect.any(String)]));
      for (const tag of operation.tags as string[]) expect(declaredTags.has(tag), `${where}: tag ${tag}`).toBe(true);
      expect(isObject(operation.responses) && Object.keys(operation.responses).length > 0, where).toBe(true);
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        expect((deref(response) as Json).description, `${where} ${status}`).toEqual(expect.any(String));
      }
    }
  });

  it('resolves every $ref inside the document', () => {
    const broken: string[] = [];
    collect(doc, (object, path) => {
      if (typeof object.$ref === 'string' && resolvePointer(object.$ref) === undefined) broken.push(`${path}: ${object.$ref}`);
    });
    expect(broken).toEqual([]);
  });

  it('declares each path template parameter, and no path parameter that is not in the template', () => {
    for (const { path, method, operation, pathItem } of operations()) {
      const declared = [...((pathItem.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])]
        .map((p) => deref(p) as Json)
        .filter((p) => p.in === 'path')
        .map((p) => p.name as string);
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(declared.sort(), `${method.toUpperCase()} ${path}`).toEqual(inTemplate.sort());
    }
  });

  it('names only declared security schemes', () => {
    const schemes = Object.keys((doc.components as Json).securitySchemes as Json);
    expect(schemes).toEqual(expect.arrayContaining(['bearerAuth', 'cookieAuth']));
    for (const { path, method, operation } of operations()) {
      expect(Array.isArray(operation.security), `${method.toUpperCase()} ${path}`).toBe(true);
      for (const requirement of operation.security as Json[]) {
        for (const name of Object.keys(requirement)) expect(schemes, `${method.toUpperCase()} ${path}`).toContain(name);
      }
    }
  });

  it('lists only existing properties as required', () => {
    collect(doc, (object, path) => {
      if (Array.isArray(object.required) && isObject(object.properties)) {
        for (const name of object.required as string[]) expect(object.properties, `${path} requires ${name}`).toHaveProperty(name);
      }
    });
  });

  it('documents the error body, the list envelope and the rate-limit header', () => {
    const components = doc.components as Json;
    const schemas = components.schemas as Json;
    for (const name of ['Work', 'WorkInput', 'WorkPatch', 'Chapter', 'ChapterInput', 'Series', 'SeriesInput', 'User', 'Me', 'Token', 'Error']) {
      expect(schemas[name], name).toBeDefined();
    }
    expect((schemas.WorkList as Json).required).toEqual(['items', 'total', 'next']);
    const responses = components.responses as Json;
    expect(deref(responses.RateLimited)).toMatchObject({ headers: { 'Retry-After': expect.anything() } });
    const statuses = new Set(operations().flatMap(({ operation }) => Object.keys(operation.responses as Json)));
    for (const status of ['400', '401', '403', '404', '410', '413', '415', '422', '429']) expect(statuses).toContain(status);
  });

  it('spells ratings and warnings exactly as the archive does', () => {
    const schemas = (doc.components as Json).schemas as Json;
    expect((schemas.Rating as Json).enum).toEqual(['General Audiences', 'Teen And Up Audiences', 'Mature', 'Explicit', 'Not Rated']);
    // Warnings are a site setting: the document gives the default list as examples.
    expect((schemas.Warning as Json).examples).toContain('No Archive Warnings Apply');
  });
});

describe('GET /openapi.json', () => {
  it('serves the document for the configured base URL', async () => {
    const services = { config: { baseUrl: 'https://served.example' } } as unknown as Services;
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('services', services);
      await next();
    });
    app.route('/api/v1', openApiRoutes);

    const response = await app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Json;
    expect(body.openapi).toBe('3.1.0');
    expect(body.servers).toEqual([{ url: 'https://served.example/api/v1' }]);
  });
});
