// The OpenAPI description of moderation (hide, restore, delete content) and appeals; openapi.ts merges these in.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ 'application/json': { schema } });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 410: 'Gone', 415: 'UnsupportedMediaType', 422: 'ValidationFailed' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const conflict = (description: string): Json => ({ 409: { description, content: json(ref('Error')) } });
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const MODERATION = ['Moderation'];
const APPEALS = ['Appeals'];

const typeParam: Json = { name: 'type', in: 'path', required: true, schema: { type: 'string', enum: ['works', 'chapters', 'comments', 'series'] }, description: 'The kind of content.' };
const idParam: Json = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'The id of the work, chapter, comment or series (chapters by id, not position).' };
const appealIdParam: Json = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };

export const moderationTags: Json[] = [
  {
    name: 'Moderation',
    description:
      'Moderators and administrators hide a work, chapter, comment or series from the public with a reason, restore it, or delete it. Hidden content is gone from every listing, search, feed and download; its author still sees it, marked with the reason, and is notified. Every action is audited and settles the open reports about the content.',
  },
  { name: 'Appeals', description: 'The author of hidden content appeals once per decision, in a thread with the moderators, who restore it or uphold the decision. The reporter is never shown.' },
];

export const moderationSchemas: Json = {
  ModerationReason: {
    type: 'object',
    required: ['reason'],
    properties: { reason: { type: 'string', minLength: 1, maxLength: 1000, description: 'Why: the author reads it (the reporter is never named).' } },
  },
  ModerationTarget: {
    type: 'object',
    required: ['type', 'id', 'label', 'url', 'hidden', 'hidden_at', 'hidden_reason', 'deleted'],
    properties: {
      type: { type: 'string', enum: ['work', 'chapter', 'comment', 'series'] },
      id: { type: 'integer' },
      label: { type: 'string', description: 'The title, or what the comment is on.' },
      url: { type: 'string', format: 'uri' },
      hidden: { type: 'boolean' },
      hidden_at: { type: ['string', 'null'], format: 'date-time' },
      hidden_reason: { type: ['string', 'null'] },
      deleted: { type: 'boolean' },
    },
  },
  AppealInput: {
    type: 'object',
    required: ['target_type', 'target_id', 'message'],
    properties: {
      target_type: { type: 'string', enum: ['work', 'chapter', 'comment', 'series'] },
      target_id: { type: 'integer', minimum: 1 },
      message: { type: 'string', minLength: 1, maxLength: 5000 },
    },
  },
  AppealMessageInput: { type: 'object', required: ['message'], properties: { message: { type: 'string', minLength: 1, maxLength: 5000 } } },
  AppealDecision: {
    type: 'object',
    required: ['outcome', 'outcome_text'],
    properties: {
      outcome: { type: 'string', enum: ['restored', 'upheld'], description: '`restored` makes the content public again (audited); `upheld` keeps it hidden.' },
      outcome_text: { type: 'string', minLength: 1, maxLength: 5000, description: 'The explanation recorded with the outcome and sent to the author.' },
    },
  },
  Appeal: {
    type: 'object',
    required: ['id', 'target_type', 'target_id', 'status', 'outcome', 'appellant', 'created_at', 'updated_at', 'decided_at', 'url'],
    properties: {
      id: { type: 'integer' },
      target_type: { type: 'string', enum: ['work', 'chapter', 'comment', 'series'] },
      target_id: { type: 'integer' },
      status: { type: 'string', enum: ['open', 'upheld', 'restored'] },
      outcome: { type: 'string', description: 'The moderator’s explanation once decided; empty while open.' },
      appellant: { type: ['object', 'null'], properties: { username: { type: ['string', 'null'] } } },
      created_at: { type: 'string', format: 'date-time' },
      updated_at: { type: 'string', format: 'date-time' },
      decided_at: { type: ['string', 'null'], format: 'date-time' },
      url: { type: 'string', format: 'uri' },
      target: {
        type: 'object',
        description: 'What the appeal is about, with the moderator’s reason (on single appeals).',
        properties: { label: { type: 'string' }, url: { type: 'string' }, hidden: { type: 'boolean' }, hidden_reason: { type: ['string', 'null'] }, deleted: { type: 'boolean' } },
      },
      messages: {
        type: 'array',
        description: 'The thread, oldest first (on single appeals). Moderators are named to the staff only.',
        items: {
          type: 'object',
          required: ['id', 'author', 'body', 'created_at'],
          properties: {
            id: { type: 'integer' },
            author: { type: 'object', required: ['username', 'moderator'], properties: { username: { type: ['string', 'null'] }, moderator: { type: 'boolean' } } },
            body: { type: 'string' },
            created_at: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  },
  AppealList: {
    type: 'object',
    required: ['items', 'total', 'next'],
    properties: { items: { type: 'array', items: ref('Appeal') }, total: { type: 'integer' }, next: { type: ['string', 'null'] } },
  },
};

const reasonBody: Json = { required: true, content: json(ref('ModerationReason')) };

export const moderationPaths: Json = {
  '/admin/moderation/{type}/{id}': {
    get: {
      tags: MODERATION,
      operationId: 'getModerationTarget',
      summary: 'A piece of content as moderation sees it',
      security: SIGNED_IN_READ,
      parameters: [typeParam, idParam],
      responses: { 200: { description: 'Its state.', content: json(ref('ModerationTarget')) }, ...err(401, 403, 404) },
    },
  },
  '/admin/moderation/{type}/{id}/hide': {
    post: {
      tags: MODERATION,
      operationId: 'hideContent',
      summary: 'Hide content from the public',
      description: 'Moderators and administrators. The author still sees it, marked with the reason, and is notified; counters and the search index follow in the same transaction.',
      security: SIGNED_IN_WRITE,
      parameters: [typeParam, idParam],
      requestBody: reasonBody,
      responses: { 200: { description: 'Hidden.', content: json(ref('ModerationTarget')) }, ...err(400, 401, 403, 404, 410, 415, 422), ...conflict('It is hidden already.') },
    },
  },
  '/admin/moderation/{type}/{id}/restore': {
    post: {
      tags: MODERATION,
      operationId: 'restoreContent',
      summary: 'Make hidden content public again',
      security: SIGNED_IN_WRITE,
      parameters: [typeParam, idParam],
      requestBody: reasonBody,
      responses: { 200: { description: 'Restored.', content: json(ref('ModerationTarget')) }, ...err(400, 401, 403, 404, 410, 415, 422), ...conflict('It is not hidden.') },
    },
  },
  '/admin/moderation/{type}/{id}/delete': {
    post: {
      tags: MODERATION,
      operationId: 'deleteContentAsModerator',
      summary: 'Delete content',
      description: 'Through the content’s own delete path (a deleted work answers 410 from then on), audited with the reason.',
      security: SIGNED_IN_WRITE,
      parameters: [typeParam, idParam],
      requestBody: reasonBody,
      responses: { 204: { description: 'Deleted; no body.' }, ...err(400, 401, 403, 404, 410, 415, 422) },
    },
  },
  '/appeals': {
    get: {
      tags: APPEALS,
      operationId: 'listAppeals',
      summary: 'Appeals: every one for the staff (open first), your own for an author',
      security: SIGNED_IN_READ,
      parameters: [{ name: 'cursor', in: 'query', required: false, schema: { type: 'string' } }],
      responses: { 200: { description: 'One page.', content: json(ref('AppealList')) }, ...err(401) },
    },
    post: {
      tags: APPEALS,
      operationId: 'openAppeal',
      summary: 'Appeal a moderator’s decision to hide your content (once per decision)',
      security: SIGNED_IN_WRITE,
      requestBody: { required: true, content: json(ref('AppealInput')) },
      responses: { 201: { description: 'The appeal, with its first message.', content: json(ref('Appeal')) }, ...err(400, 401, 403, 404, 415, 422), ...conflict('Already appealed, or the content is not hidden.') },
    },
  },
  '/appeals/{id}': {
    get: {
      tags: APPEALS,
      operationId: 'getAppeal',
      summary: 'An appeal with its thread (its author and the staff only)',
      security: SIGNED_IN_READ,
      parameters: [appealIdParam],
      responses: { 200: { description: 'The appeal.', content: json(ref('Appeal')) }, ...err(401, 403, 404) },
    },
  },
  '/appeals/{id}/messages': {
    post: {
      tags: APPEALS,
      operationId: 'postAppealMessage',
      summary: 'Add a message to an open appeal',
      security: SIGNED_IN_WRITE,
      parameters: [appealIdParam],
      requestBody: { required: true, content: json(ref('AppealMessageInput')) },
      responses: { 201: { description: 'The appeal with the new message.', content: json(ref('Appeal')) }, ...err(400, 401, 403, 404, 415, 422), ...conflict('The appeal is decided.') },
    },
  },
  '/appeals/{id}/decide': {
    post: {
      tags: APPEALS,
      operationId: 'decideAppeal',
      summary: 'Decide an appeal (moderators)',
      security: SIGNED_IN_WRITE,
      parameters: [appealIdParam],
      requestBody: { required: true, content: json(ref('AppealDecision')) },
      responses: { 200: { description: 'The decided appeal.', content: json(ref('Appeal')) }, ...err(400, 401, 403, 404, 415, 422), ...conflict('Decided already.') },
    },
  },
};
