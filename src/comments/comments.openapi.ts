import { COMMENT_PERMISSIONS, MAX_COMMENT_CHARS, MAX_GUEST_NAME_CHARS } from './comments.forms.js';
import { COMMENTS_PER_PAGE, MAX_SHOWN_DEPTH } from './comment-threads.js';

// The comments part of the OpenAPI document (src/api/openapi.ts spreads these in), kept beside the code it describes.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const param = (name: string): Json => ({ $ref: `#/components/parameters/${name}` });
const json = (schema: Json): Json => ({ 'application/json': { schema } });
const returns = (description: string, schema: string): Json => ({ description, content: json(ref(schema)) });
const body = (schema: string): Json => ({ required: true, content: json(ref(schema)) });
const RESPONSES: Record<number, string> = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 410: 'Gone', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ValidationFailed', 429: 'RateLimited' };
const errors = (...statuses: number[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${RESPONSES[s]}` }]));
const conflict: Json = { 409: { description: 'The comment is not awaiting approval (already approved, rejected or deleted).', content: json(ref('Error')) } };

const OPTIONAL_AUTH = [{}, { bearerAuth: [] }, { cookieAuth: [] }];
const GUEST_OR_SIGNED_IN_WRITE = [{}, { bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];

/** Work fields that say who may comment (for WorkInput, WorkPatch and Work). */
export const commentSettingFields: Json = {
  comment_permissions: {
    type: 'string',
    enum: [...COMMENT_PERMISSIONS],
    default: 'registered',
    description: 'Who may comment: `everyone` (guests too, with a name and an email), `registered` (signed-in readers), or `none`. When omitted on a new work, the archive’s `default_comment_permission` site setting (`registered` unless an administrator changed it). While the `guest_comments` site setting is off, `everyone` admits signed-in readers only.',
  },
  moderate_comments: { type: 'boolean', default: false, description: 'Hold new comments for the authors’ approval (their own are never held).' },
};

export const commentSchemas: Json = {
  Comment: {
    type: 'object',
    required: ['id', 'work_id', 'chapter_id', 'parent_id', 'thread_id', 'depth', 'author', 'guest_name', 'body_html', 'status', 'frozen', 'edited_at', 'deleted', 'created_at', 'reply_count', 'url'],
    properties: {
      id: { type: 'integer', minimum: 1, description: 'Also the page anchor `#comment-<id>`.' },
      work_id: { type: 'integer', minimum: 1 },
      chapter_id: { type: 'integer', minimum: 1 },
      parent_id: { type: ['integer', 'null'], description: 'The comment replied to; `null` for a top-level comment.' },
      thread_id: { type: 'integer', description: 'The top-level comment of the thread (freezing applies to it).' },
      depth: { type: 'integer', minimum: 0, description: '0 for a top-level comment, 1 for a reply to it, and so on.' },
      author: { type: ['object', 'null'], required: ['username'], properties: { username: { type: 'string' } }, description: 'The signed-in commenter; `null` for guests and deleted comments.' },
      guest_name: { type: ['string', 'null'], description: 'A guest’s name (plain text). A guest’s email is never returned.' },
      body_html: { type: 'string', description: 'Sanitised HTML (no headings or tables); empty for a deleted comment.' },
      status: { type: 'string', enum: ['published', 'pending', 'rejected', 'held'], description: '`pending` comments await the work’s authors and are visible only to their commenter and those authors; `held` comments await a site moderator (a new account’s link, or the spam check) and are visible only to their commenter.' },
      frozen: { type: 'boolean', description: 'Set on a thread’s top-level comment when the thread takes no more replies.' },
      edited_at: { type: ['string', 'null'], format: 'date-time' },
      deleted: { type: 'boolean', description: 'A deleted comment with replies stays as a placeholder.' },
      created_at: { type: 'string', format: 'date-time' },
      reply_count: { type: 'integer', minimum: 0, description: 'Replies shown under it.' },
      url: { type: 'string', format: 'uri', description: 'The comment’s permalink page.' },
      replies: { type: 'array', items: ref('Comment'), description: `In thread views: the replies, nested, down to ${MAX_SHOWN_DEPTH} levels below.` },
      continues: { type: 'boolean', description: 'In thread views: there are deeper replies; fetch this comment to see them.' },
    },
  },
  CommentInput: {
    type: 'object',
    required: ['body'],
    properties: {
      body: { type: 'string', minLength: 1, maxLength: MAX_COMMENT_CHARS, description: 'Markdown (simple HTML allowed), sanitised when stored.' },
      guest_name: { type: 'string', minLength: 1, maxLength: MAX_GUEST_NAME_CHARS, description: 'Required without credentials, where the work takes guest comments.' },
      guest_email: { type: 'string', format: 'email', description: 'Required without credentials; never shown.' },
    },
  },
  CommentPatch: { type: 'object', required: ['body'], properties: { body: { type: 'string', minLength: 1, maxLength: MAX_COMMENT_CHARS } } },
  CommentList: {
    type: 'object',
    required: ['items', 'total', 'next'],
    properties: {
      items: { type: 'array', items: ref('Comment') },
      total: { type: 'integer', minimum: 0, description: 'Top-level comments in all pages.' },
      next: { type: ['string', 'null'], description: 'Cursor for the next page, or `null`.' },
    },
  },
};

export const commentParameters: Json = {
  CommentId: { name: 'id', in: 'path', required: true, description: 'The comment’s id.', schema: { type: 'integer', minimum: 1 } },
};

const ID = [param('CommentId')];
const POSTING = 'Rate-limited per account and per IP address (429 with `Retry-After`). 403 where comments are off, or for a blocked account; 401 for guests where only signed-in readers may comment. On a moderated work the comment is `pending` until approved.';

export const commentTag = { name: 'Comments', description: 'Threaded comments on chapters, replies, moderation.' };

export const commentPaths: Json = {
  '/works/{id}/chapters/{position}/comments': {
    parameters: [param('WorkId'), param('ChapterPosition')],
    get: {
      tags: ['Comments'],
      operationId: 'listChapterComments',
      summary: 'A chapter’s comment threads',
      description: `${COMMENTS_PER_PAGE} top-level comments a page, oldest first, each with its replies nested.`,
      security: OPTIONAL_AUTH,
      parameters: [param('Cursor')],
      responses: { 200: returns('A page of threads.', 'CommentList'), ...errors(400, 401, 404, 410) },
    },
    post: {
      tags: ['Comments'],
      operationId: 'postComment',
      summary: 'Comment on a chapter',
      description: POSTING,
      security: GUEST_OR_SIGNED_IN_WRITE,
      requestBody: body('CommentInput'),
      responses: { 201: returns('The new comment.', 'Comment'), ...errors(400, 401, 403, 404, 410, 413, 415, 422, 429) },
    },
  },
  '/comments/{id}': {
    parameters: ID,
    get: { tags: ['Comments'], operationId: 'getComment', summary: 'A comment and its replies', security: OPTIONAL_AUTH, responses: { 200: returns('The comment, replies nested.', 'Comment'), ...errors(401, 404, 410) } },
    patch: { tags: ['Comments'], operationId: 'editComment', summary: 'Edit your comment', description: 'Only the commenter may; the comment is marked edited.', security: SIGNED_IN_WRITE, requestBody: body('CommentPatch'), responses: { 200: returns('The edited comment.', 'Comment'), ...errors(400, 401, 403, 404, 410, 413, 415, 422) } },
    delete: { tags: ['Comments'], operationId: 'deleteComment', summary: 'Delete a comment', description: 'The commenter or the work’s authors.', security: SIGNED_IN_WRITE, responses: { 204: { description: 'Deleted.' }, ...errors(401, 403, 404, 410) } },
  },
  '/comments/{id}/replies': {
    parameters: ID,
    post: { tags: ['Comments'], operationId: 'replyToComment', summary: 'Reply to a comment', description: `${POSTING} 403 in a frozen thread.`, security: GUEST_OR_SIGNED_IN_WRITE, requestBody: body('CommentInput'), responses: { 201: returns('The new reply.', 'Comment'), ...errors(400, 401, 403, 404, 410, 413, 415, 422, 429) } },
  },
  '/comments/{id}/freeze': {
    parameters: ID,
    post: { tags: ['Comments'], operationId: 'freezeThread', summary: 'Freeze the comment’s thread', description: 'The work’s authors only. Returns the thread’s top-level comment.', security: SIGNED_IN_WRITE, responses: { 200: returns('The thread’s top comment.', 'Comment'), ...errors(401, 403, 404) } },
    delete: { tags: ['Comments'], operationId: 'unfreezeThread', summary: 'Unfreeze the comment’s thread', security: SIGNED_IN_WRITE, responses: { 200: returns('The thread’s top comment.', 'Comment'), ...errors(401, 403, 404) } },
  },
  '/comments/{id}/approve': {
    parameters: ID,
    post: { tags: ['Comments'], operationId: 'approveComment', summary: 'Approve a held comment', security: SIGNED_IN_WRITE, responses: { 200: returns('The published comment.', 'Comment'), ...conflict, ...errors(401, 403, 404) } },
  },
  '/comments/{id}/reject': {
    parameters: ID,
    post: { tags: ['Comments'], operationId: 'rejectComment', summary: 'Reject a held comment', security: SIGNED_IN_WRITE, responses: { 200: returns('The rejected comment.', 'Comment'), ...conflict, ...errors(401, 403, 404) } },
  },
  '/works/{id}/comments/pending': {
    parameters: [param('WorkId')],
    get: { tags: ['Comments'], operationId: 'listPendingComments', summary: 'A work’s moderation queue', security: SIGNED_IN_READ, responses: { 200: returns('Comments awaiting approval, oldest first.', 'CommentList'), ...errors(401, 403, 404, 410) } },
  },
};
