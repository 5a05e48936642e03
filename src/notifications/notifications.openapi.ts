import { NOTIFICATION_KINDS } from './notifications.js';

// The OpenAPI description of subscriptions and notifications; openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 404: 'NotFound', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ValidationFailed' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const returns = (description: string, schema: string): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const body = (schema: string): Json => ({ required: true, content: { 'application/json': { schema: ref(schema) } } });
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const BODY = [400, 413, 415, 422] as const;

export const notificationTags: Json[] = [
  { name: 'Subscriptions', description: 'Follow a work (new chapters), a series (new parts), an author (new works), a tag (new works under it, its synonyms and sub tags) or one of your saved searches (new works that match it). A reader hears of a new work once, whichever subscriptions it matches; several at once are emailed together.' },
  { name: 'Notifications', description: 'Your inbox: new chapters, works and series parts you follow, comments and replies.' },
];

export const notificationSchemas: Json = {
  SubscriptionTarget: {
    type: 'object',
    description: 'Exactly one of work_id, series_id, username, tag (a tag name; a synonym follows its canonical tag) or saved_search_id (one of your own).',
    additionalProperties: false,
    properties: {
      work_id: { type: 'integer', minimum: 1 },
      series_id: { type: 'integer', minimum: 1 },
      username: { type: 'string', maxLength: 100 },
      tag: { type: 'string', minLength: 1, maxLength: 200 },
      saved_search_id: { type: 'integer', minimum: 1 },
    },
    examples: [{ work_id: 12 }, { username: 'wren' }, { tag: 'Found Family' }, { saved_search_id: 3 }],
  },
  SubscriptionResult: {
    type: 'object',
    required: ['subscribed', 'target_type', 'target_id'],
    properties: { subscribed: { type: 'boolean' }, target_type: { type: 'string', enum: ['work', 'series', 'user', 'tag', 'saved_search'] }, target_id: { type: 'integer' } },
  },
  Subscription: {
    type: 'object',
    required: ['id', 'target_type', 'target_id', 'label', 'created_at'],
    properties: {
      id: { type: 'integer' },
      target_type: { type: 'string', enum: ['work', 'series', 'user', 'tag', 'saved_search'] },
      target_id: { type: 'integer' },
      label: { type: ['string', 'null'], description: 'The work’s or series’ title, the author’s username, the tag’s name or the saved search’s name.' },
      created_at: { type: 'string', format: 'date-time' },
    },
  },
  SubscriptionList: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Subscription') } } },
  Notification: {
    type: 'object',
    required: ['id', 'kind', 'text', 'url', 'created_at', 'read'],
    properties: {
      id: { type: 'integer' },
      kind: { type: 'string', enum: [...NOTIFICATION_KINDS] },
      text: { type: 'string', description: 'What happened, in words.' },
      url: { type: 'string', format: 'uri', description: 'Where to read it.' },
      work_id: { type: ['integer', 'null'] },
      chapter_id: { type: ['integer', 'null'] },
      series_id: { type: ['integer', 'null'] },
      comment_id: { type: ['integer', 'null'] },
      actor: { type: ['string', 'null'], description: 'Who did it.' },
      created_at: { type: 'string', format: 'date-time' },
      read: { type: 'boolean' },
    },
  },
  NotificationList: {
    type: 'object',
    required: ['items', 'total', 'page', 'unread_count'],
    properties: { items: { type: 'array', items: ref('Notification') }, total: { type: 'integer', minimum: 0 }, page: { type: 'integer', minimum: 1 }, unread_count: { type: 'integer', minimum: 0 } },
  },
  MarkRead: {
    oneOf: [
      { type: 'object', required: ['ids'], properties: { ids: { type: 'array', items: { type: 'integer' }, maxItems: 1000 } } },
      { type: 'object', required: ['all'], properties: { all: { const: true } } },
    ],
  },
  UnreadCount: { type: 'object', required: ['unread_count'], properties: { unread_count: { type: 'integer', minimum: 0 } } },
};

export const notificationPaths: Json = {
  '/subscriptions': {
    get: { tags: ['Subscriptions'], operationId: 'listSubscriptions', summary: 'What you follow', security: SIGNED_IN_READ, responses: { 200: returns('Your subscriptions, newest first.', 'SubscriptionList'), ...err(401) } },
    post: {
      tags: ['Subscriptions'],
      operationId: 'subscribe',
      summary: 'Follow a work, a series, an author, a tag or a saved search',
      description: 'Following twice is a no-op. Only posted works can be followed; you cannot follow yourself. A synonym tag follows its canonical tag; someone else’s saved search is a 404.',
      security: SIGNED_IN_WRITE,
      requestBody: body('SubscriptionTarget'),
      responses: { 200: returns('Subscribed.', 'SubscriptionResult'), ...err(...BODY, 401, 404) },
    },
    delete: {
      tags: ['Subscriptions'],
      operationId: 'unsubscribe',
      summary: 'Stop following',
      description: 'Unsubscribing twice is a no-op.',
      security: SIGNED_IN_WRITE,
      requestBody: body('SubscriptionTarget'),
      responses: { 200: returns('Unsubscribed.', 'SubscriptionResult'), ...err(...BODY, 401, 404) },
    },
  },
  '/notifications': {
    get: {
      tags: ['Notifications'],
      operationId: 'listNotifications',
      summary: 'Your inbox',
      security: SIGNED_IN_READ,
      parameters: [
        { name: 'unread', in: 'query', required: false, description: '`true` for unread only, `false` for read only.', schema: { type: 'boolean' } },
        { name: 'kind', in: 'query', required: false, schema: { type: 'string', enum: [...NOTIFICATION_KINDS] } },
        { name: 'page', in: 'query', required: false, description: '1-based page (25 per page).', schema: { type: 'integer', minimum: 1, default: 1 } },
      ],
      responses: { 200: returns('Notifications, newest first.', 'NotificationList'), ...err(400, 401) },
    },
  },
  '/notifications/read': {
    post: {
      tags: ['Notifications'],
      operationId: 'markNotificationsRead',
      summary: 'Mark notifications read',
      security: SIGNED_IN_WRITE,
      requestBody: body('MarkRead'),
      responses: { 200: returns('The new unread count.', 'UnreadCount'), ...err(...BODY, 401) },
    },
  },
};
