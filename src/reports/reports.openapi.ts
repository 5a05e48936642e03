import { REPORT_TARGET_WINDOW_SECONDS } from './reports.js';
import { DESCRIPTION_MAX, NOTE_MAX, REPORT_CATEGORIES, REPORT_STATUSES, REPORT_TARGET_TYPES } from './reports.forms.js';

// The OpenAPI description of reports and the moderators' report queue; openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ValidationFailed', 429: 'RateLimited' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const returns = (description: string, schema: string): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const body = (schema: string): Json => ({ required: true, content: { 'application/json': { schema: ref(schema) } } });
const ANYONE_WRITE = [{}, { bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const STAFF_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const STAFF_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const TAG = ['Reports'];
const GROUP_PARAMS = [
  { name: 'type', in: 'path', required: true, schema: { type: 'string', enum: [...REPORT_TARGET_TYPES] } },
  { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
];

export const reportTags: Json[] = [
  {
    name: 'Reports',
    description: `Report a work, chapter, comment, series or account to the moderators, and (moderators and administrators) work the queue of reports, grouped by what they are about. One report per target per reporter per ${REPORT_TARGET_WINDOW_SECONDS / 3600} hours; the \`report\` rate-limit bucket caps reports per reporter. The reported account is never told who reported it.`,
  },
];

export const reportSchemas: Json = {
  ReportInput: {
    type: 'object',
    required: ['target_type', 'target_id', 'category', 'description'],
    properties: {
      target_type: { type: 'string', enum: [...REPORT_TARGET_TYPES] },
      target_id: { type: 'integer', minimum: 1 },
      category: { type: 'string', enum: [...REPORT_CATEGORIES], description: '`illegal`: illegal content; `rating`: wrong rating or warnings.' },
      description: { type: 'string', minLength: 1, maxLength: DESCRIPTION_MAX, description: 'Plain text.' },
      email: { type: 'string', format: 'email', description: 'Required without credentials (guests): where the acknowledgement goes. Ignored for accounts, whose own address is used.' },
    },
  },
  ReportReceived: {
    type: 'object',
    required: ['received', 'target'],
    properties: {
      received: { type: 'boolean', const: true },
      target: { type: 'object', required: ['type', 'id', 'title', 'url'], properties: { type: { type: 'string' }, id: { type: 'integer' }, title: { type: 'string' }, url: { type: 'string', format: 'uri' } } },
    },
  },
  ReportTarget: {
    type: 'object',
    required: ['type', 'id', 'title', 'excerpt', 'url', 'hidden', 'deleted'],
    properties: {
      type: { type: 'string', enum: [...REPORT_TARGET_TYPES] },
      id: { type: 'integer' },
      title: { type: 'string' },
      excerpt: { type: 'string' },
      url: { type: 'string', format: 'uri' },
      hidden: { type: 'boolean' },
      deleted: { type: 'boolean' },
    },
  },
  ReportGroup: {
    type: 'object',
    required: ['target_type', 'target_id', 'target', 'report_count', 'latest_at', 'categories', 'status', 'statuses'],
    properties: {
      target_type: { type: 'string', enum: [...REPORT_TARGET_TYPES] },
      target_id: { type: 'integer' },
      target: { oneOf: [ref('ReportTarget'), { type: 'null' }], description: 'Null when the target no longer exists.' },
      report_count: { type: 'integer', description: 'Reports in the requested statuses.' },
      latest_at: { type: 'string', format: 'date-time' },
      categories: { type: 'array', items: { type: 'string', enum: [...REPORT_CATEGORIES] } },
      status: { type: 'string', enum: [...REPORT_STATUSES], description: 'Open while any report is open, then in progress, else that of the rest.' },
      statuses: { type: 'object', additionalProperties: { type: 'integer' }, description: 'How many reports are in each status.' },
    },
  },
  ReportGroupList: {
    type: 'object',
    required: ['items', 'total', 'next'],
    properties: { items: { type: 'array', items: ref('ReportGroup') }, total: { type: 'integer', minimum: 0 }, next: { type: ['string', 'null'] } },
  },
  Report: {
    type: 'object',
    required: ['id', 'category', 'description', 'status', 'reporter', 'assignee', 'audit_id', 'url', 'created_at', 'updated_at'],
    properties: {
      id: { type: 'integer' },
      category: { type: 'string', enum: [...REPORT_CATEGORIES] },
      description: { type: 'string' },
      status: { type: 'string', enum: [...REPORT_STATUSES] },
      reporter: {
        type: 'object',
        description: 'Who reported: shown to moderators only.',
        properties: { user_id: { type: ['integer', 'null'] }, username: { type: ['string', 'null'] }, email: { type: ['string', 'null'], description: 'A guest reporter’s address.' } },
      },
      assignee: { type: ['string', 'null'], description: 'The moderator who took it (set when marked in progress).' },
      audit_id: { type: ['integer', 'null'], description: 'The audit log entry of the action taken, when one was.' },
      url: { type: ['string', 'null'], description: 'The page the reporter was on.' },
      created_at: { type: 'string', format: 'date-time' },
      updated_at: { type: 'string', format: 'date-time' },
    },
  },
  ReportNote: {
    type: 'object',
    required: ['id', 'report_id', 'author', 'body', 'created_at'],
    properties: { id: { type: 'integer' }, report_id: { type: 'integer' }, author: { type: ['string', 'null'] }, body: { type: 'string' }, created_at: { type: 'string', format: 'date-time' } },
  },
  ReportGroupDetail: {
    type: 'object',
    required: ['target_type', 'target_id', 'target', 'status', 'reports', 'notes'],
    properties: {
      target_type: { type: 'string', enum: [...REPORT_TARGET_TYPES] },
      target_id: { type: 'integer' },
      target: { oneOf: [ref('ReportTarget'), { type: 'null' }] },
      status: { type: 'string', enum: [...REPORT_STATUSES] },
      reports: { type: 'array', items: ref('Report') },
      notes: { type: 'array', items: ref('ReportNote'), description: 'Internal: moderators and administrators only.' },
    },
  },
  ReportNoteInput: {
    type: 'object',
    required: ['body'],
    properties: { body: { type: 'string', minLength: 1, maxLength: NOTE_MAX }, report_id: { type: 'integer', description: 'The report to attach it to; the newest when absent.' } },
  },
  ReportStatusInput: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: [...REPORT_STATUSES] }, report_id: { type: 'integer', description: 'Change one report; every report about the target when absent.' } },
  },
  ReportStatusChanged: {
    type: 'object',
    required: ['changed', 'audit_id', 'group'],
    properties: { changed: { type: 'integer' }, audit_id: { type: ['integer', 'null'] }, group: ref('ReportGroupDetail') },
  },
};

export const reportPaths: Json = {
  '/reports': {
    post: {
      tags: TAG,
      operationId: 'createReport',
      summary: 'Report something to the moderators',
      description: `Anyone may report what they can see; guests (no credentials) must give \`email\`. The reporter gets an acknowledgement email. A second report about the same target by the same reporter within ${REPORT_TARGET_WINDOW_SECONDS / 3600} hours is refused (429, code \`report_duplicate\`, with Retry-After).`,
      security: ANYONE_WRITE,
      requestBody: body('ReportInput'),
      responses: { 201: returns('Received.', 'ReportReceived'), ...err(400, 403, 404, 413, 415, 422, 429) },
    },
  },
  '/admin/reports': {
    get: {
      tags: TAG,
      operationId: 'listReportGroups',
      summary: 'The report queue, grouped by target',
      description: 'Moderators and administrators. Targets with a report in one of the given statuses, newest report first.',
      security: STAFF_READ,
      parameters: [
        { name: 'status', in: 'query', required: false, description: 'Statuses to show, comma-separated or repeated; open and in_progress when absent.', schema: { type: 'string' } },
        { $ref: '#/components/parameters/Cursor' },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
      ],
      responses: { 200: returns('One page of the queue.', 'ReportGroupList'), ...err(401, 403) },
    },
  },
  '/admin/reports/{type}/{id}': {
    parameters: GROUP_PARAMS,
    get: {
      tags: TAG,
      operationId: 'getReportGroup',
      summary: 'Every report about one target, with internal notes',
      security: STAFF_READ,
      responses: { 200: returns('The reports, newest first, and the notes, oldest first.', 'ReportGroupDetail'), ...err(401, 403, 404) },
    },
  },
  '/admin/reports/{type}/{id}/notes': {
    parameters: GROUP_PARAMS,
    post: {
      tags: TAG,
      operationId: 'addReportNote',
      summary: 'Add an internal note (audited)',
      security: STAFF_WRITE,
      requestBody: body('ReportNoteInput'),
      responses: { 201: returns('The note.', 'ReportNote'), ...err(400, 401, 403, 404, 413, 415, 422) },
    },
  },
  '/admin/reports/{type}/{id}/status': {
    parameters: GROUP_PARAMS,
    post: {
      tags: TAG,
      operationId: 'setReportStatus',
      summary: 'Set the status of every report about a target, or of one (audited)',
      security: STAFF_WRITE,
      requestBody: body('ReportStatusInput'),
      responses: { 200: returns('The new state of the group.', 'ReportStatusChanged'), ...err(400, 401, 403, 404, 413, 415, 422) },
    },
  },
};
