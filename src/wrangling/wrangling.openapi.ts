// The OpenAPI description of the wrangling queue and log; openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 401: 'Unauthorized', 403: 'Forbidden', 422: 'ValidationFailed' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const returns = (description: string, schema: string): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const TAG = ['Wrangling'];
const cursor: Json = { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'The `next` of the previous page.' };
const nextCursor: Json = { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' };

export const wranglingTags: Json[] = [
  {
    name: 'Wrangling',
    description:
      'The wrangling queue and log, for tag wranglers and administrators. A tag is unwrangled while it is neither canonical nor a synonym. Change tags with PATCH /tags/{name}; every change is logged.',
  },
];

export const wranglingSchemas: Json = {
  WranglingQueue: {
    type: 'object',
    required: ['fandom', 'fandoms', 'items', 'next'],
    properties: {
      fandom: { type: ['string', 'null'], description: 'The canonical fandom queued, or null for the queue of unwrangled fandoms.' },
      fandoms: {
        type: 'array',
        description: 'Canonical fandoms with unwrangled characters, relationships or freeforms on their works (a meta fandom counts its sub fandoms’), by name.',
        items: { type: 'object', required: ['name', 'unwrangled_count'], properties: { name: { type: 'string' }, unwrangled_count: { type: 'integer', minimum: 1 } } },
      },
      items: {
        type: 'array',
        description: 'Unwrangled tags, by kind then name (50 a page).',
        items: {
          type: 'object',
          required: ['name', 'kind', 'uses', 'url'],
          properties: { name: { type: 'string' }, kind: { type: 'string' }, uses: { type: 'integer', minimum: 0, description: 'Works carrying the tag itself.' }, url: { type: 'string', format: 'uri' } },
        },
      },
      next: nextCursor,
    },
  },
  WranglingLog: {
    type: 'object',
    required: ['items', 'next'],
    properties: {
      items: {
        type: 'array',
        description: 'Newest first, 50 a page.',
        items: {
          type: 'object',
          required: ['id', 'created_at', 'wrangler', 'tag', 'action', 'details', 'description'],
          properties: {
            id: { type: 'integer' },
            created_at: { type: 'string', format: 'date-time' },
            wrangler: { type: ['string', 'null'], description: 'Null once the account is deleted.' },
            tag: { type: 'object', required: ['name', 'kind'], properties: { name: { type: 'string' }, kind: { type: 'string' } } },
            action: { type: 'string', enum: ['rename', 'make_canonical', 'remove_canonical', 'make_synonym', 'remove_synonym', 'add_parent', 'remove_parent', 'create_canonical'] },
            details: { type: 'object', description: 'What changed: `from`/`to` for a rename, `of` for a synonym, `parent` for a parent, `as_parent_of` for a created tag.' },
            description: { type: 'string', description: 'The action in words.' },
          },
        },
      },
      next: nextCursor,
    },
  },
};

export const wranglingPaths: Json = {
  '/wrangling/queue': {
    get: {
      tags: TAG,
      operationId: 'wranglingQueue',
      summary: 'Unwrangled tags of a fandom, or unwrangled fandoms',
      security: SIGNED_IN_READ,
      parameters: [
        { name: 'fandom', in: 'query', required: false, schema: { type: 'string' }, description: 'A canonical fandom (a synonym leads to its canonical tag). Without it, the queue holds unwrangled fandom tags.' },
        { name: 'kind', in: 'query', required: false, schema: { type: 'string', enum: ['fandom', 'character', 'relationship', 'freeform'] }, description: 'With `fandom`: one of character, relationship, freeform (default all three). Without: fandom only.' },
        cursor,
      ],
      responses: { 200: returns('One page of the queue.', 'WranglingQueue'), ...err(401, 403, 422) },
    },
  },
  '/wrangling/log': {
    get: {
      tags: TAG,
      operationId: 'wranglingLog',
      summary: 'Every wrangling action, newest first',
      security: SIGNED_IN_READ,
      parameters: [
        { name: 'tag', in: 'query', required: false, schema: { type: 'string' }, description: 'Only this tag’s entries (any case).' },
        { name: 'wrangler', in: 'query', required: false, schema: { type: 'string' }, description: 'Only this wrangler’s entries (a username).' },
        cursor,
      ],
      responses: { 200: returns('One page of the log.', 'WranglingLog'), ...err(401, 403, 422) },
    },
  },
};
