// The OpenAPI description of active sessions; openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const TAG = ['Sessions'];
const sessionId: Json = { type: 'string', pattern: '^[0-9a-f]{16}$', description: 'An opaque id: the start of a hash of the session token, never the token.' };

export const sessionTags: Json[] = [
  {
    name: 'Sessions',
    description:
      'The browsers where you are signed in. Personal access tokens are listed under Tokens and are not sessions; with two-factor sign-in on, creating a token needs the `code` as well, and a token once made is used alone.',
  },
];

export const sessionSchemas: Json = {
  Session: {
    type: 'object',
    required: ['id', 'created_at', 'expires_at', 'browser', 'current'],
    properties: {
      id: sessionId,
      created_at: { type: 'string', format: 'date-time' },
      expires_at: { type: 'string', format: 'date-time' },
      browser: { type: 'string', description: 'A summary of the browser’s User-Agent, such as "Firefox on Linux".' },
      current: { type: 'boolean', description: 'True for the session making this request.' },
    },
  },
  SessionList: {
    type: 'object',
    required: ['items', 'total', 'next'],
    properties: { items: { type: 'array', items: ref('Session') }, total: { type: 'integer' }, next: { type: ['string', 'null'] } },
  },
};

export const sessionPaths: Json = {
  '/me/sessions': {
    get: {
      tags: TAG,
      operationId: 'listSessions',
      summary: 'Your active sessions',
      security: SIGNED_IN_READ,
      responses: { 200: { description: 'Live sessions, newest first.', content: { 'application/json': { schema: ref('SessionList') } } }, ...err(401) },
    },
  },
  '/me/sessions/revoke-others': {
    post: {
      tags: TAG,
      operationId: 'revokeOtherSessions',
      summary: 'Sign out everywhere else',
      description: 'Ends every session except the one making the request (every session, when called with a token).',
      security: SIGNED_IN_WRITE,
      responses: { 204: { description: 'Done; no body.' }, ...err(401, 403) },
    },
  },
  '/me/sessions/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: sessionId }],
    delete: {
      tags: TAG,
      operationId: 'revokeSession',
      summary: 'Sign out one session',
      description: 'Someone else’s session, or an unknown id, is a 404.',
      security: SIGNED_IN_WRITE,
      responses: { 204: { description: 'Done; no body.' }, ...err(401, 403, 404) },
    },
  },
};
