import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.js';

// Kudos, bookmarks and history endpoints are in the OpenAPI document (the shape checks live in openapi.test.ts).

describe('OpenAPI: kudos, bookmarks, history', () => {
  it('describes every kudos, bookmark and history endpoint', () => {
    const paths = openApiDocument('https://archive.example').paths as Record<string, Record<string, unknown>>;
    const expected: Record<string, string[]> = {
      '/works/{id}/kudos': ['get', 'post', 'delete'],
      '/works/{id}/bookmarks': ['get'],
      '/bookmarks': ['get', 'post', 'delete'],
      '/bookmarks/{id}': ['get', 'patch', 'delete'],
      '/history': ['get', 'delete'],
      '/works/{id}/later': ['post', 'delete'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) expect(paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
  });
});
