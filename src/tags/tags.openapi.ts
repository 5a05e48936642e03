import { TAG_KINDS } from '../works/ratings.js';

// The OpenAPI description of tags and their wrangling; openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ValidationFailed' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const returns = (description: string, schema: string): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const body = (schema: string): Json => ({ required: true, content: { 'application/json': { schema: ref(schema) } } });
const OPTIONAL_AUTH = [{}, { bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const BODY = [400, 413, 415, 422] as const;
const tagName: Json = { type: 'string', minLength: 1, maxLength: 150 };

export const tagTags: Json[] = [
  {
    name: 'Tags',
    description:
      'Tags and their wrangling. A canonical tag filters works; a synonym’s works are listed under its canonical tag; a parent (a fandom, or a meta tag of the same kind) lists the works of its sub tags. Only wranglers and administrators change tags.',
  },
];

export const tagSchemas: Json = {
  TagRef: {
    type: 'object',
    required: ['name', 'kind'],
    properties: { name: tagName, kind: { type: 'string', enum: [...TAG_KINDS] } },
  },
  Tag: {
    type: 'object',
    required: ['name', 'kind', 'canonical', 'synonym_of', 'synonyms', 'parents', 'children', 'work_count'],
    properties: {
      name: tagName,
      kind: { type: 'string', enum: [...TAG_KINDS], description: 'The field the tag was first used in, or the kind a wrangler created it as.' },
      canonical: { type: 'boolean' },
      synonym_of: { type: ['string', 'null'], description: 'The canonical tag this one is a synonym of.' },
      synonyms: { type: 'array', items: { type: 'string' } },
      parents: { type: 'array', items: ref('TagRef') },
      children: { type: 'array', items: ref('TagRef'), description: 'Sub tags: their works are listed under this tag.' },
      work_count: { type: 'integer', minimum: 0, description: 'Posted works listed under the tag (for a synonym, its own), without the works you exclude (muted authors, excluded tags), so it agrees with the tag’s works listing.' },
    },
    examples: [{ name: 'Sherlock Holmes', kind: 'character', canonical: true, synonym_of: null, synonyms: ['Sherlock'], parents: [{ name: 'Sherlock Holmes - Arthur Conan Doyle', kind: 'fandom' }], children: [], work_count: 12 }],
  },
  TagPatch: {
    type: 'object',
    additionalProperties: false,
    description:
      'Applied in this order: name, canonical, synonym_of, remove_parents, add_parents. A missing parent is created as a canonical fandom (a canonical freeform over a freeform). A parent that would make a loop is refused.',
    properties: {
      name: { ...tagName, description: 'A canonical tag’s new name: only case and accents may change.' },
      canonical: { type: 'boolean', description: 'Not canonical needs no synonyms, parents or sub tags first.' },
      synonym_of: { type: ['string', 'null'], maxLength: 150, description: 'A canonical tag this (non-canonical) tag means; null or empty removes the synonym.' },
      add_parents: { type: 'array', maxItems: 50, items: tagName },
      remove_parents: { type: 'array', maxItems: 50, items: tagName },
    },
    examples: [{ synonym_of: 'Sherlock Holmes' }, { canonical: true, add_parents: ['Sherlock Holmes - Arthur Conan Doyle'] }],
  },
  TagSuggestions: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        maxItems: 10,
        items: {
          type: 'object',
          required: ['name', 'kind', 'matched'],
          properties: { name: tagName, kind: { type: 'string', enum: [...TAG_KINDS] }, matched: { ...tagName, description: 'The name that matched the prefix: the tag’s own or one of its synonyms’.' } },
        },
      },
    },
    examples: [{ items: [{ name: 'Sherlock Holmes', kind: 'character', matched: 'Sherlock' }] }],
  },
  WranglerPatch: {
    type: 'object',
    additionalProperties: false,
    required: ['wrangler'],
    properties: { wrangler: { type: 'boolean' } },
  },
  WranglerResult: {
    type: 'object',
    required: ['username', 'wrangler'],
    properties: { username: { type: 'string' }, wrangler: { type: 'boolean' } },
  },
};

export const tagPaths: Json = {
  '/tags': {
    get: {
      tags: ['Tags'],
      operationId: 'suggestTags',
      summary: 'Autocomplete: canonical tags starting with a prefix',
      description: 'Up to 10 canonical tags whose name (or one of whose synonyms’ names) starts with `q`, case-insensitively; a synonym that matches suggests its canonical tag. An empty `q` suggests nothing.',
      security: OPTIONAL_AUTH,
      parameters: [
        { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 150 }, description: 'What was typed so far.' },
        { name: 'kind', in: 'query', required: false, schema: { type: 'string', enum: [...TAG_KINDS] } },
      ],
      responses: { 200: returns('The suggestions, by matching name.', 'TagSuggestions'), ...err(422) },
    },
  },
  '/tags/{name}': {
    parameters: [{ name: 'name', in: 'path', required: true, description: 'The tag name (case-insensitive), URL-encoded.', schema: { type: 'string' } }],
    get: {
      tags: ['Tags'],
      operationId: 'getTag',
      summary: 'A tag and its wrangling',
      security: OPTIONAL_AUTH,
      responses: { 200: returns('The tag.', 'Tag'), ...err(401, 404) },
    },
    patch: {
      tags: ['Tags'],
      operationId: 'wrangleTag',
      summary: 'Wrangle a tag (wranglers and administrators)',
      security: SIGNED_IN_WRITE,
      requestBody: body('TagPatch'),
      responses: { 200: returns('The tag as it now is.', 'Tag'), ...err(...BODY, 401, 403, 404) },
    },
  },
};

/** PATCH /users/{username}: merged into that path by openapi.ts. */
export const wranglerPatchOperation: Json = {
  tags: ['Tags'],
  operationId: 'setWrangler',
  summary: 'Appoint or remove a tag wrangler (administrators)',
  security: SIGNED_IN_WRITE,
  requestBody: body('WranglerPatch'),
  responses: { 200: returns('The account’s wrangler status.', 'WranglerResult'), ...err(...BODY, 401, 403, 404) },
};
