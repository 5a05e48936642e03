import { HELD_PER_PAGE } from './held-comments.js';

// The OpenAPI description of the held-comments queue (src/spam/); openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ 'application/json': { schema } });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 415: 'UnsupportedMediaType', 429: 'RateLimited' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const notHeld: Json = { 409: { description: 'The comment is not held (already approved or deleted).', content: json(ref('Error')) } };
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const TAG = ['Admin'];
const id: Json = { name: 'id', in: 'path', required: true, description: 'The held comment’s id.', schema: { type: 'integer', minimum: 1 } };
const decision: Json = {
  required: false,
  content: json({ type: 'object', properties: { reason: { type: 'string', maxLength: 500, description: 'Optional note kept in the audit log.' } } }),
};

export const heldCommentSchemas: Json = {
  HeldComment: {
    type: 'object',
    required: ['id', 'work_id', 'work_title', 'chapter_id', 'chapter_position', 'parent_id', 'author', 'guest_name', 'body_html', 'created_at', 'url'],
    properties: {
      id: { type: 'integer', minimum: 1 },
      work_id: { type: 'integer', minimum: 1 },
      work_title: { type: 'string' },
      chapter_id: { type: 'integer', minimum: 1 },
      chapter_position: { type: 'integer', minimum: 1 },
      parent_id: { type: ['integer', 'null'], description: 'The comment replied to; `null` for a top-level comment.' },
      author: { type: ['object', 'null'], required: ['username'], properties: { username: { type: 'string' } }, description: 'The signed-in commenter; `null` for guests.' },
      guest_name: { type: ['string', 'null'] },
      body_html: { type: 'string', description: 'Sanitised HTML.' },
      created_at: { type: 'string', format: 'date-time' },
      url: { type: 'string', format: 'uri', description: 'The chapter the comment was posted on.' },
    },
  },
  HeldCommentList: {
    type: 'object',
    required: ['items', 'total', 'next'],
    properties: {
      items: { type: 'array', items: ref('HeldComment') },
      total: { type: 'integer', minimum: 0 },
      next: { type: ['string', 'null'], description: 'The `page` value of the next page, or `null`.' },
    },
  },
};

export const heldCommentPaths: Json = {
  '/admin/comments/held': {
    get: {
      tags: TAG,
      operationId: 'listHeldComments',
      summary: 'Comments held for a moderator',
      description: `Moderators and admins. First comments with links from guests and new accounts (site setting \`hold_first_link_comments\`) and comments the spam check flagged; only their commenter sees them. Oldest first, ${HELD_PER_PAGE} a page.`,
      security: SIGNED_IN_READ,
      parameters: [{ name: 'page', in: 'query', required: false, description: 'The page, from 1.', schema: { type: 'integer', minimum: 1, default: 1 } }],
      responses: { 200: { description: 'A page of held comments.', content: json(ref('HeldCommentList')) }, ...err(401, 403) },
    },
  },
  '/admin/comments/held/{id}/approve': {
    parameters: [id],
    post: {
      tags: TAG,
      operationId: 'approveHeldComment',
      summary: 'Approve a held comment',
      description: 'Publishes it (counters and notifications as for any comment), or passes it to the work’s authors when the work holds comments for their approval (`status` `pending`). Audited.',
      security: SIGNED_IN_WRITE,
      requestBody: decision,
      responses: { 200: { description: 'The comment after approval.', content: json(ref('Comment')) }, ...notHeld, ...err(400, 401, 403, 404, 415, 429) },
    },
  },
  '/admin/comments/held/{id}/delete': {
    parameters: [id],
    post: {
      tags: TAG,
      operationId: 'deleteHeldComment',
      summary: 'Delete a held comment',
      description: 'It was never shown, so no counter moves. Audited, with an excerpt of the text.',
      security: SIGNED_IN_WRITE,
      requestBody: decision,
      responses: { 204: { description: 'Deleted.' }, ...notHeld, ...err(400, 401, 403, 404, 415, 429) },
    },
  },
};
