import { COMMENT_PERMISSIONS, REGISTRATION_MODES } from './site-settings.js';

// The OpenAPI description of the site settings; openapi.ts merges these into the document.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ValidationFailed' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const returns = (description: string, schema: string): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const TAG = ['Site settings'];

const settingProperties: Json = {
  site_name: { type: 'string', minLength: 1, maxLength: 80, description: 'Shown in the header, page titles and feeds.' },
  site_description: { type: 'string', maxLength: 500, description: 'Shown on the home page.' },
  registration: { type: 'string', enum: [...REGISTRATION_MODES], description: 'open: anyone signs up; invite_only: sign-up needs an invitation token; closed: nobody.' },
  guest_comments: { type: 'boolean', description: 'When false, guests cannot comment anywhere, whatever a work allows.' },
  downloads_enabled: { type: 'boolean', description: 'When false, EPUB/HTML downloads answer 403 `downloads_off` and OPDS acquisition links are omitted.' },
  archive_warnings: { type: 'array', minItems: 1, maxItems: 30, items: { type: 'string', minLength: 1, maxLength: 100 }, description: 'The archive warnings authors choose from. Existing works keep theirs.' },
  default_comment_permission: { type: 'string', enum: [...COMMENT_PERMISSIONS], description: 'Who may comment on a new work when its author does not say.' },
  hold_first_link_comments: { type: 'boolean', description: 'New accounts’ first comments that contain links wait for a moderator.' },
  require_staff_two_factor: { type: 'boolean', description: 'Administrators and moderators must turn on two-factor sign-in to use their powers.' },
  invitations_per_account: { type: 'integer', minimum: 0, maximum: 100, description: 'Friends a new account may invite.' },
  invitation_days: { type: 'integer', minimum: 1, maximum: 365, description: 'Days an invitation link stays valid.' },
};

export const settingsAdminTags: Json[] = [
  { name: 'Site settings', description: 'The archive’s settings, stored in the database and applied without a restart. Administrators only; every change is written to the audit log.' },
];

export const settingsAdminSchemas: Json = {
  SiteSettings: { type: 'object', required: Object.keys(settingProperties), properties: settingProperties },
  SiteSettingsPatch: { type: 'object', additionalProperties: false, description: 'Any subset of the settings.', properties: settingProperties, examples: [{ registration: 'invite_only', invitation_days: 7 }] },
};

export const settingsAdminPaths: Json = {
  '/admin/settings': {
    get: {
      tags: TAG,
      operationId: 'getSiteSettings',
      summary: 'The site settings',
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
      responses: { 200: returns('Every setting.', 'SiteSettings'), ...err(401, 403) },
    },
    patch: {
      tags: TAG,
      operationId: 'updateSiteSettings',
      summary: 'Change site settings',
      description: 'Send only the settings to change. Unknown keys and invalid values are a 422 naming each field, and nothing is stored. The change is audited (`settings.update`, with before and after of the changed keys).',
      security: [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }],
      requestBody: { required: true, content: { 'application/json': { schema: ref('SiteSettingsPatch') } } },
      responses: { 200: returns('The settings after the change.', 'SiteSettings'), ...err(400, 413, 415, 422, 401, 403) },
    },
  },
};
