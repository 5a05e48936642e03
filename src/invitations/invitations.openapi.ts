import { MAX_BATCH, QUEUE_JOINS_PER_IP } from './invitations.js';

// The OpenAPI description of the invitation queue and invitations; openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ValidationFailed', 429: 'RateLimited' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const returns = (description: string, schema: string): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const body = (schema: string): Json => ({ required: true, content: { 'application/json': { schema: ref(schema) } } });
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const TAG = ['Invitations'];
const timestamp = { type: 'string', format: 'date-time' };
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' };
const email = { type: 'string', format: 'email', maxLength: 254 };

export const invitationTags: Json[] = [
  {
    name: 'Invitations',
    description:
      'While registration is invite-only: visitors join a queue with their email address; administrators release invitations from it; accounts invite friends from their allowance. An invitation is emailed as a sign-up link (`/signup?invitation=TOKEN`), works once and expires. The token is never returned by the API.',
  },
];

export const invitationSchemas: Json = {
  EmailInput: { type: 'object', required: ['email'], additionalProperties: false, properties: { email } },
  QueueStanding: {
    type: 'object',
    required: ['email', 'status', 'position', 'created_at', 'invited_at'],
    properties: {
      email,
      status: { type: 'string', enum: ['waiting', 'invited'] },
      position: { type: ['integer', 'null'], minimum: 1, description: 'The 1-based place in the queue while waiting; null once invited.' },
      created_at: timestamp,
      invited_at: nullableTimestamp,
    },
  },
  Invitation: {
    type: 'object',
    required: ['id', 'email', 'status', 'created_at', 'expires_at', 'used_at', 'used_by'],
    properties: {
      id: { type: 'integer', minimum: 1 },
      email: { type: ['string', 'null'] },
      status: { type: 'string', enum: ['pending', 'used', 'expired'] },
      created_at: timestamp,
      expires_at: timestamp,
      used_at: nullableTimestamp,
      used_by: { type: ['string', 'null'], description: 'The username of the account it created.' },
    },
  },
  InvitationList: {
    type: 'object',
    required: ['invitations_left', 'items', 'total', 'next'],
    properties: {
      invitations_left: { type: ['integer', 'null'], minimum: 0, description: 'How many more friends you may invite; null for administrators (no limit).' },
      items: { type: 'array', items: ref('Invitation') },
      total: { type: 'integer', minimum: 0 },
      next: { type: 'null' },
    },
  },
  InviteQueue: {
    type: 'object',
    required: ['items', 'total', 'next'],
    properties: {
      items: {
        type: 'array',
        items: { type: 'object', required: ['id', 'email', 'position', 'created_at'], properties: { id: { type: 'integer' }, email, position: { type: 'integer', minimum: 1 }, created_at: timestamp } },
      },
      total: { type: 'integer', minimum: 0, description: 'How many addresses wait.' },
      next: { type: ['string', 'null'] },
    },
  },
  InvitationRelease: {
    oneOf: [
      { type: 'object', required: ['count'], additionalProperties: false, properties: { count: { type: 'integer', minimum: 1, maximum: MAX_BATCH, description: 'Invite this many from the front of the queue.' } } },
      { type: 'object', required: ['request_id'], additionalProperties: false, properties: { request_id: { type: 'integer', minimum: 1, description: 'Invite this one queue entry.' } } },
    ],
  },
  InvitationReleaseResult: {
    type: 'object',
    required: ['items', 'total', 'next'],
    properties: {
      items: { type: 'array', items: { allOf: [ref('Invitation'), { type: 'object', required: ['request_id'], properties: { request_id: { type: 'integer' } } }] } },
      total: { type: 'integer', minimum: 0 },
      next: { type: 'null' },
    },
  },
};

export const invitationPaths: Json = {
  '/invite-requests': {
    post: {
      tags: TAG,
      operationId: 'joinInviteQueue',
      summary: 'Join the invitation queue',
      description: `Only while registration is invite-only (403 \`invite_queue_closed\` otherwise). An address already in the queue answers 200 with its standing. At most ${QUEUE_JOINS_PER_IP} joins per IP per hour (429).`,
      security: [],
      requestBody: body('EmailInput'),
      responses: { 201: returns('Joined.', 'QueueStanding'), 200: returns('Already in the queue.', 'QueueStanding'), ...err(400, 413, 415, 422, 403, 429) },
    },
  },
  '/invite-requests/status': {
    get: {
      tags: TAG,
      operationId: 'getInviteQueueStatus',
      summary: 'Where an address stands in the queue',
      security: [],
      parameters: [{ name: 'email', in: 'query', required: true, schema: { type: 'string' } }],
      responses: { 200: returns('Its standing.', 'QueueStanding'), ...err(404) },
    },
  },
  '/invitations': {
    get: {
      tags: TAG,
      operationId: 'listInvitations',
      summary: 'Invitations you sent',
      security: SIGNED_IN_READ,
      responses: { 200: returns('Newest first, with your remaining allowance.', 'InvitationList'), ...err(401) },
    },
    post: {
      tags: TAG,
      operationId: 'inviteFriend',
      summary: 'Invite a friend',
      description: 'Emails a single-use sign-up link to the address. Takes one from your allowance (422 when none is left); administrators have no limit.',
      security: SIGNED_IN_WRITE,
      requestBody: body('EmailInput'),
      responses: { 201: returns('Sent.', 'Invitation'), ...err(400, 413, 415, 422, 401, 403) },
    },
  },
  '/admin/invitations': {
    get: {
      tags: TAG,
      operationId: 'listInviteQueue',
      summary: 'The waiting queue (administrators)',
      security: SIGNED_IN_READ,
      parameters: [{ name: 'page', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } }],
      responses: { 200: returns('Waiting addresses in queue order, 100 a page.', 'InviteQueue'), ...err(401, 403) },
    },
    post: {
      tags: TAG,
      operationId: 'releaseInvitations',
      summary: 'Send invitations from the queue (administrators)',
      description: `The next \`count\` (1 to ${MAX_BATCH}) waiting addresses, or one \`request_id\`. Each gets an emailed invitation, is marked invited and is audited (\`invitation.send\`).`,
      security: SIGNED_IN_WRITE,
      requestBody: body('InvitationRelease'),
      responses: { 201: returns('The invitations sent.', 'InvitationReleaseResult'), ...err(400, 413, 415, 422, 401, 403, 404) },
    },
  },
};
