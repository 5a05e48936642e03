import { ROLES } from './roles.js';
import { MAX_SUSPENSION_DAYS } from './accounts-admin.js';

// The OpenAPI description of the admin account tools and the audit log; openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 415: 'UnsupportedMediaType', 422: 'ValidationFailed' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json =>
  Object.fromEntries(statuses.map((s) => [String(s), s === 409 ? { description: 'The account is neither suspended nor banned.', content: { 'application/json': { schema: ref('Error') } } } : { $ref: `#/components/responses/${ERRORS[s]}` }]));
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const TAG = ['Admin'];
const reason: Json = { type: 'string', minLength: 1, maxLength: 1000, description: 'Why: kept in the audit log (and, for a suspension, shown to the account).' };
const accountId: Json = { name: 'id', in: 'path', required: true, description: 'The account’s id.', schema: { type: 'integer', minimum: 1 } };
const STAFF_403 =
  'Forbidden for non-staff; also `two_factor_required` when the site requires staff to use two-factor sign-in and the caller has not turned it on.';

export const adminTags: Json[] = [
  {
    name: 'Admin',
    description:
      'Staff tools. Moderators find accounts and suspend accounts that are not staff; only administrators ban, lift bans, grant or remove roles, act on staff, and read the audit log. Every action needs a `reason` and is written to the audit log.',
  },
];

export const adminSchemas: Json = {
  AdminAccount: {
    type: 'object',
    required: ['id', 'username', 'display_name', 'email', 'roles', 'status', 'suspended_until', 'suspension_reason', 'banned_at', 'ban_reason', 'signup_ip', 'created_at', 'url'],
    properties: {
      id: { type: 'integer' },
      username: { type: 'string' },
      display_name: { type: 'string' },
      email: { type: 'string' },
      roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
      status: { type: 'string', enum: ['active', 'suspended', 'banned'] },
      suspended_until: { type: ['string', 'null'], format: 'date-time', description: 'While in the future the account can read and export but not post, comment or leave kudos.' },
      suspension_reason: { type: ['string', 'null'] },
      banned_at: { type: ['string', 'null'], format: 'date-time' },
      ban_reason: { type: ['string', 'null'] },
      signup_ip: { type: ['string', 'null'], description: 'The address the account signed up from (null for accounts made before it was recorded).' },
      created_at: { type: 'string', format: 'date-time' },
      url: { type: 'string', format: 'uri', description: 'The account’s page in the admin area.' },
    },
  },
  AdminAccountDetail: {
    allOf: [
      ref('AdminAccount'),
      {
        type: 'object',
        required: ['works_count', 'comments_count', 'audit'],
        properties: {
          works_count: { type: 'integer', minimum: 0 },
          comments_count: { type: 'integer', minimum: 0 },
          audit: { type: ['array', 'null'], items: ref('AuditEntry'), description: 'The latest 50 audit entries about the account; null for moderators.' },
        },
      },
    ],
  },
  AdminAccountList: {
    type: 'object',
    required: ['items', 'total', 'next'],
    properties: { items: { type: 'array', items: ref('AdminAccount') }, total: { type: 'integer' }, next: { type: ['string', 'null'], description: 'Always null: at most 50 matches; narrow the query.' } },
  },
  AuditEntry: {
    type: 'object',
    required: ['id', 'action', 'actor', 'target_type', 'target_id', 'reason', 'before', 'after', 'details', 'created_at'],
    properties: {
      id: { type: 'integer' },
      action: { type: 'string', description: 'A dotted verb such as `user.suspend`, `role.grant`, `work.hide`.' },
      actor: { type: ['object', 'null'], properties: { id: { type: 'integer' }, username: { type: ['string', 'null'] } }, description: 'Null for the system.' },
      target_type: { type: 'string' },
      target_id: { type: 'integer' },
      reason: { type: 'string' },
      before: { type: 'object', description: 'The target’s relevant fields before the action.' },
      after: { type: 'object', description: 'The same fields after it.' },
      details: { type: 'object' },
      created_at: { type: 'string', format: 'date-time' },
    },
  },
  AuditEntryList: {
    type: 'object',
    required: ['items', 'total', 'next'],
    properties: {
      items: { type: 'array', items: ref('AuditEntry') },
      total: { type: 'integer', description: 'How many entries this page holds (the whole log is not counted).' },
      next: { type: ['string', 'null'], description: 'Pass back as `cursor` for older entries; null at the end.' },
    },
  },
  RolesInput: {
    type: 'object',
    required: ['roles', 'reason'],
    properties: { roles: { type: 'array', items: { type: 'string', enum: [...ROLES] }, description: 'Every role the account should hold (the others are removed).' }, reason },
  },
  SuspendInput: {
    type: 'object',
    required: ['days', 'reason'],
    properties: { days: { type: 'integer', minimum: 1, maximum: MAX_SUSPENSION_DAYS }, reason },
  },
  ReasonInput: { type: 'object', required: ['reason'], properties: { reason } },
};

const action = (operationId: string, summary: string, description: string, input: string, extra: (keyof typeof ERRORS)[] = []): Json => ({
  post: {
    tags: TAG,
    operationId,
    summary,
    description,
    security: SIGNED_IN_WRITE,
    parameters: [accountId],
    requestBody: { required: true, content: { 'application/json': { schema: ref(input) } } },
    responses: {
      200: { description: 'The account after the action.', content: { 'application/json': { schema: ref('AdminAccount') } } },
      ...err(400, 401, 404, 415, 422, ...extra),
      403: { description: STAFF_403, content: { 'application/json': { schema: ref('Error') } } },
    },
  },
});

export const adminPaths: Json = {
  '/admin/users': {
    get: {
      tags: TAG,
      operationId: 'searchAccounts',
      summary: 'Find accounts',
      description: 'By username prefix, email prefix (so also an exact address), or the IP address an account signed up from; without `q`, the newest accounts.',
      security: SIGNED_IN_READ,
      parameters: [{ name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 254 } }],
      responses: { 200: { description: 'At most 50 accounts, newest first.', content: { 'application/json': { schema: ref('AdminAccountList') } } }, ...err(401), 403: { description: STAFF_403, content: { 'application/json': { schema: ref('Error') } } } },
    },
  },
  '/admin/users/{id}': {
    get: {
      tags: TAG,
      operationId: 'getAdminAccount',
      summary: 'One account, for staff',
      security: SIGNED_IN_READ,
      parameters: [accountId],
      responses: { 200: { description: 'The account, its activity counts and (for admins) its audit history.', content: { 'application/json': { schema: ref('AdminAccountDetail') } } }, ...err(401, 404), 403: { description: STAFF_403, content: { 'application/json': { schema: ref('Error') } } } },
    },
  },
  '/admin/users/{id}/roles': action('setAccountRoles', 'Grant or remove roles', 'Administrators only. The last administrator cannot lose the role (422).', 'RolesInput'),
  '/admin/users/{id}/suspend': action(
    'suspendAccount',
    'Suspend an account',
    'For `days` days the account can read, export and change its settings, but every other write answers 403 `account_suspended`. Moderators may suspend accounts that are not staff.',
    'SuspendInput',
  ),
  '/admin/users/{id}/ban': action('banAccount', 'Ban an account', 'Administrators only. Sign-in is refused (403 `account_banned`); every session and API token of the account ends.', 'ReasonInput'),
  '/admin/users/{id}/lift': action('liftAccount', 'Lift a suspension or ban', 'Moderators may lift the suspension of an account that is not staff; a ban only an administrator lifts.', 'ReasonInput', [409]),
  '/admin/audit': {
    get: {
      tags: TAG,
      operationId: 'listAuditLog',
      summary: 'The audit log',
      description: 'Administrators only; newest first. Entries are never edited or deleted.',
      security: SIGNED_IN_READ,
      parameters: [
        { name: 'action', in: 'query', required: false, description: 'Entries whose action starts with this (e.g. `user.`).', schema: { type: 'string', maxLength: 100 } },
        { name: 'actor', in: 'query', required: false, description: 'The acting account’s username.', schema: { type: 'string', maxLength: 100 } },
        { name: 'target_type', in: 'query', required: false, schema: { type: 'string', maxLength: 40 } },
        { name: 'target_id', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
        { name: 'cursor', in: 'query', required: false, description: 'The `next` of the previous page.', schema: { type: 'string' } },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
      ],
      responses: { 200: { description: 'A page of entries.', content: { 'application/json': { schema: ref('AuditEntryList') } } }, ...err(401), 403: { description: STAFF_403, content: { 'application/json': { schema: ref('Error') } } } },
    },
  },
};
