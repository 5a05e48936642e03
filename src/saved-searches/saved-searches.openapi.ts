import { SAVED_SEARCH_LIMIT, SAVED_SEARCH_NAME_MAX } from './saved-searches.js';

// The OpenAPI description of saved searches; openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ValidationFailed' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const returns = (description: string, schema: string): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const TAG = ['Saved searches'];

export const savedSearchTags: Json[] = [
  {
    name: 'Saved searches',
    description: `A named listing query (any filters of GET /works, search words included), at most ${SAVED_SEARCH_LIMIT} per reader. Subscribe to one with POST /subscriptions {saved_search_id} to hear of new matching works; read it as a private Atom feed at \`feed_url\` (the token in it is the only key: keep it private).`,
  },
];

export const savedSearchSchemas: Json = {
  SavedSearch: {
    type: 'object',
    required: ['id', 'name', 'query', 'subscribed', 'url', 'feed_url', 'created_at'],
    properties: {
      id: { type: 'integer', minimum: 1 },
      name: { type: 'string', minLength: 1, maxLength: SAVED_SEARCH_NAME_MAX },
      query: { type: 'string', description: 'The canonical query string: only filter parameters, in a fixed order.', examples: ['tags=Dragons%2CFound+Family&ratings=Mature'] },
      subscribed: { type: 'boolean', description: 'Whether you hear of new works that match it.' },
      url: { type: 'string', format: 'uri', description: 'The listing (or search page) with this query.' },
      feed_url: { type: 'string', format: 'uri', description: 'The private Atom feed of its current results, with its secret token.' },
      created_at: { type: 'string', format: 'date-time' },
    },
  },
  SavedSearchList: {
    type: 'object',
    required: ['items', 'total', 'next'],
    properties: { items: { type: 'array', items: ref('SavedSearch') }, total: { type: 'integer', minimum: 0 }, next: { type: 'null', description: 'Always null: every saved search fits one answer.' } },
  },
  SavedSearchInput: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: SAVED_SEARCH_NAME_MAX },
      query: {
        description: 'The listing query: a query string with the parameters of GET /works (`tags`, `exclude_tags`, `ratings`, ..., `q`, `sort`, `order`), or an object of them. Absent or empty saves all works. `page` and unknown parameters are dropped; invalid filters (an unknown tag, a bad rating) are a 422 with one message per field.',
        oneOf: [
          { type: 'string', maxLength: 6000 },
          { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: ['string', 'number'] } }] } },
        ],
      },
    },
    examples: [{ name: 'Dragons, finished', query: 'tags=Dragons&complete=true' }, { name: 'Mature found family', query: { tags: ['Found Family'], ratings: 'Mature' } }],
  },
};

export const savedSearchPaths: Json = {
  '/me/saved-searches': {
    get: {
      tags: TAG,
      operationId: 'listSavedSearches',
      summary: 'Your saved searches',
      security: SIGNED_IN_READ,
      responses: { 200: returns('Your saved searches, oldest first.', 'SavedSearchList'), ...err(401) },
    },
    post: {
      tags: TAG,
      operationId: 'createSavedSearch',
      summary: 'Save a search',
      description: `A name of 1 to ${SAVED_SEARCH_NAME_MAX} characters and the listing query. At most ${SAVED_SEARCH_LIMIT} per reader (422 past it).`,
      security: SIGNED_IN_WRITE,
      requestBody: { required: true, content: { 'application/json': { schema: ref('SavedSearchInput') } } },
      responses: { 201: returns('Saved.', 'SavedSearch'), ...err(400, 413, 415, 422, 401, 403) },
    },
  },
  '/me/saved-searches/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
    delete: {
      tags: TAG,
      operationId: 'deleteSavedSearch',
      summary: 'Delete a saved search',
      description: 'Its subscription goes with it. Someone else’s saved search is a 404.',
      security: SIGNED_IN_WRITE,
      responses: { 204: { description: 'Done; no body.' }, ...err(401, 403, 404) },
    },
  },
};
