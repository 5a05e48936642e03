// The OpenAPI description of lasting exclusions; openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ValidationFailed' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const returns = (description: string, schema: string): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const TAG = ['Exclusions'];

export const exclusionTags: Json[] = [
  {
    name: 'Exclusions',
    description:
      'Tags and authors you never want to see. Works under an excluded tag (its synonyms and sub tags included) are left out for you of /works, tag listings and tag work counts, search, author pages, bookmark listings and feeds fetched with your session, with totals that agree; a series shows an excluded part as hidden in its place. An excluded author is a muted author (the same list as /mutes). Feeds fetched without a session (feed readers) are the same for everyone.',
  },
];

export const exclusionSchemas: Json = {
  TagExclusion: {
    type: 'object',
    required: ['tag', 'kind', 'created_at', 'url'],
    properties: {
      tag: { type: 'string' },
      kind: { type: 'string' },
      created_at: { type: 'string', format: 'date-time' },
      url: { type: 'string', format: 'uri' },
    },
  },
  AuthorExclusion: {
    type: 'object',
    required: ['username', 'display_name', 'created_at', 'url'],
    properties: {
      username: { type: 'string' },
      display_name: { type: 'string' },
      created_at: { type: 'string', format: 'date-time' },
      url: { type: 'string', format: 'uri' },
    },
  },
  Exclusions: {
    type: 'object',
    required: ['tags', 'authors'],
    properties: {
      tags: { type: 'array', items: ref('TagExclusion') },
      authors: { type: 'array', items: ref('AuthorExclusion'), description: 'Your muted accounts.' },
    },
  },
  ExclusionInput: {
    description: 'Exactly one of `tag` (a tag name, any case) or `username`.',
    oneOf: [
      { type: 'object', additionalProperties: false, required: ['tag'], properties: { tag: { type: 'string', minLength: 1, maxLength: 200 } } },
      { type: 'object', additionalProperties: false, required: ['username'], properties: { username: { type: 'string', minLength: 1, maxLength: 100 } } },
    ],
    examples: [{ tag: 'Major Character Death' }, { username: 'someone' }],
  },
  ExclusionCreated: {
    type: 'object',
    properties: { tag: ref('TagExclusion'), author: ref('AuthorExclusion') },
    description: '`tag` when a tag was excluded, `author` when an account was.',
  },
};

export const exclusionPaths: Json = {
  '/me/exclusions': {
    get: {
      tags: TAG,
      operationId: 'listExclusions',
      summary: 'Your excluded tags and authors',
      security: SIGNED_IN_READ,
      responses: { 200: returns('Your exclusions.', 'Exclusions'), ...err(401) },
    },
    post: {
      tags: TAG,
      operationId: 'addExclusion',
      summary: 'Exclude a tag or an author',
      description: '201 when added, 200 when it already was. An unknown tag, an unknown account, yourself, or past the limit (200 tags, 2,000 accounts) is a 422.',
      security: SIGNED_IN_WRITE,
      requestBody: { required: true, content: { 'application/json': { schema: ref('ExclusionInput') } } },
      responses: { 200: returns('Already excluded.', 'ExclusionCreated'), 201: returns('Excluded.', 'ExclusionCreated'), ...err(400, 413, 415, 422, 401, 403) },
    },
  },
  '/me/exclusions/tags/{name}': {
    parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' }, description: 'The tag name, URL-encoded.' }],
    delete: {
      tags: TAG,
      operationId: 'removeTagExclusion',
      summary: 'Show a tag again',
      description: 'Harmless when it was not excluded; 404 when there is no such tag.',
      security: SIGNED_IN_WRITE,
      responses: { 204: { description: 'Done; no body.' }, ...err(401, 403, 404) },
    },
  },
  '/me/exclusions/authors/{username}': {
    parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }],
    delete: {
      tags: TAG,
      operationId: 'removeAuthorExclusion',
      summary: 'Show an author again (unmute)',
      description: 'The same as DELETE /mutes/{username}. Harmless when not excluded; 404 when there is no such account.',
      security: SIGNED_IN_WRITE,
      responses: { 204: { description: 'Done; no body.' }, ...err(401, 403, 404) },
    },
  },
};
