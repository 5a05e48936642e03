import { EXPORT_DAYS } from './exports.js';
import { MAX_ENTRIES, MAX_JSON_BYTES } from './export-zip.js';

// The OpenAPI description of personal exports, imports of an export, and account deletion; openapi.ts merges these.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 410: 'Gone', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ValidationFailed', 429: 'RateLimited' } as const;
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const returns = (description: string, schema: string): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const TAG = ['Your data'];
const dateTime = (description: string, nullable = false): Json => ({ type: nullable ? ['string', 'null'] : 'string', format: 'date-time', description });

export const portabilityTags: Json[] = [
  {
    name: 'Your data',
    description:
      'Take everything with you and leave. An export is a zip (built in the background) of `chapterhouse-export.json` (format in docs/export-format.md) and an EPUB of each posted work; its download link works for its owner only, for ' +
      `${EXPORT_DAYS} days. Importing that zip on another archive recreates the works, chapters and series. Deleting the account removes personal data at once.`,
  },
];

export const portabilitySchemas: Json = {
  ExportStatus: {
    type: 'object',
    required: ['id', 'status', 'requested_at', 'ready_at', 'expires_at', 'size_bytes', 'download_url', 'status_url'],
    properties: {
      id: { type: 'integer', minimum: 1 },
      status: { type: 'string', enum: ['pending', 'ready', 'failed', 'expired'] },
      requested_at: dateTime('When the export was asked for.'),
      ready_at: dateTime('When the zip was built.', true),
      expires_at: dateTime('When the download link stops working (ready exports only).', true),
      size_bytes: { type: ['integer', 'null'], minimum: 0 },
      download_url: {
        type: ['string', 'null'],
        format: 'uri',
        description: 'The secret download link of a ready export. It answers only to the signed-in owner (session or bearer token): 404 for anyone else, 410 once expired.',
      },
      status_url: { type: 'string', format: 'uri', description: 'Where to poll for the status.' },
    },
  },
  ImportSummary: {
    type: 'object',
    required: ['works', 'chapters', 'series', 'imported_works'],
    properties: {
      works: { type: 'integer', minimum: 0 },
      chapters: { type: 'integer', minimum: 0 },
      series: { type: 'integer', minimum: 0 },
      imported_works: {
        type: 'array',
        items: {
          type: 'object',
          required: ['exported_id', 'id', 'url'],
          properties: { exported_id: { type: 'integer', description: 'The work’s id in the export.' }, id: { type: 'integer' }, url: { type: 'string', format: 'uri' } },
        },
      },
    },
  },
  AccountDeletion: {
    type: 'object',
    additionalProperties: false,
    required: ['password', 'works'],
    properties: {
      password: { type: 'string', minLength: 1, description: 'Your current password.' },
      works: { type: 'string', enum: ['delete', 'orphan'], description: '`delete` your sole-author works and series, or `orphan` them (kept, credited to orphan_account, editable by admins only).' },
    },
  },
  AccountDeleted: {
    type: 'object',
    required: ['deleted', 'deleted_works', 'orphaned_works'],
    properties: { deleted: { type: 'boolean', const: true }, deleted_works: { type: 'integer', minimum: 0 }, orphaned_works: { type: 'integer', minimum: 0 } },
  },
};

export const portabilityPaths: Json = {
  '/me/export': {
    get: {
      tags: TAG,
      operationId: 'getExport',
      summary: 'The status of your latest export, with its download link when ready',
      security: SIGNED_IN_READ,
      responses: { 200: returns('Your latest export.', 'ExportStatus'), ...err(401, 404) },
    },
    post: {
      tags: TAG,
      operationId: 'requestExport',
      summary: 'Ask for an export of your data',
      description: 'Answers 202 at once; the zip is built by a background job, and you are notified (inbox, and email unless notification email is off) when it is ready. One export may be pending at a time (429 with `Retry-After`, code `export_pending`).',
      security: SIGNED_IN_WRITE,
      responses: {
        202: { ...returns('The export is being prepared; poll the `Location` (the status URL).', 'ExportStatus'), headers: { Location: { description: 'The status URL.', schema: { type: 'string', format: 'uri' } } } },
        ...err(401, 403, 429),
      },
    },
  },
  '/me/import-export': {
    post: {
      tags: TAG,
      operationId: 'importExport',
      summary: 'Import an export zip from a Chapterhouse archive',
      description:
        'Recreates the works (posted ones posted, drafts as drafts, with their dates), chapters and series of the export for you, all or nothing, with the limits of posting. ' +
        `Refused with 422 (code \`import_refused\`, the reason in \`fields.file\`): not a zip, more than ${MAX_ENTRIES} entries, unsafe or repeated names, a document over ${MAX_JSON_BYTES / 1024 / 1024} MB, invalid JSON or shape, another format version, or a work that could not be posted here.`,
      security: SIGNED_IN_WRITE,
      requestBody: {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', contentMediaType: 'application/zip', description: 'The zip from “Download my data”.' } } } } },
      },
      responses: { 201: returns('What was imported.', 'ImportSummary'), ...err(400, 401, 403, 413, 415, 422) },
    },
  },
};

/** DELETE /me, merged into the `/me` path item in openapi.ts. */
export const deleteMeOperation: Json = {
  tags: TAG,
  operationId: 'deleteMe',
  summary: 'Delete your account',
  description:
    'Needs your password and a choice for your works. Personal data (email, history, subscriptions, bookmarks, sessions, tokens, exclusions, blocks and mutes, notifications) is deleted at once; comments stay as “Deleted account”; kudos stay counted. The username is held for 30 days.',
  security: SIGNED_IN_WRITE,
  requestBody: { required: true, content: { 'application/json': { schema: ref('AccountDeletion') } } },
  responses: { 200: returns('The account is deleted.', 'AccountDeleted'), ...err(400, 401, 403, 413, 415, 422, 429) },
};
