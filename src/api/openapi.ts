import { RATINGS, WARNINGS } from '../works/ratings.js';
import { MAX_BODY_CHARS, MAX_TAGS } from '../works/works.forms.js';
import { readerPaths, readerSchemas, readerTags } from './openapi-readers.js';
import { notificationPaths, notificationSchemas, notificationTags } from '../notifications/notifications.openapi.js';
import { tagPaths, tagSchemas, tagTags, wranglerPatchOperation } from '../tags/tags.openapi.js';
import { listingFacetsSchema, listingFilterParameters } from '../listings/listings.openapi.js';
import { exclusionPaths, exclusionSchemas, exclusionTags } from '../exclusions/exclusions.openapi.js';
import { deleteMeOperation, portabilityPaths, portabilitySchemas, portabilityTags } from '../exports/exports.openapi.js';
import { wranglingPaths, wranglingSchemas, wranglingTags } from '../wrangling/wrangling.openapi.js';
import { commentParameters, commentPaths, commentSchemas, commentSettingFields, commentTag } from '../comments/comments.openapi.js';
import { importPaths } from '../imports/imports.openapi.js';
import { downloadPaths, downloadTags } from '../downloads/downloads.openapi.js';
import { savedSearchPaths, savedSearchSchemas, savedSearchTags } from '../saved-searches/saved-searches.openapi.js';
import { reportPaths, reportSchemas, reportTags } from '../reports/reports.openapi.js';
import { sessionPaths, sessionSchemas, sessionTags } from '../accounts/active-sessions.openapi.js';
import { heldCommentPaths, heldCommentSchemas } from '../spam/held-comments.openapi.js';
import { moderationPaths, moderationSchemas, moderationTags } from '../moderation/moderation.openapi.js';
import { adminPaths, adminSchemas, adminTags } from '../admin/accounts-admin.openapi.js';
import { settingsAdminPaths, settingsAdminSchemas, settingsAdminTags } from '../admin/settings-admin.openapi.js';
import { invitationPaths, invitationSchemas, invitationTags } from '../invitations/invitations.openapi.js';

// The OpenAPI 3.1 description of /api/v1, written by hand so that it reads as documentation.
// openapi.test.ts checks that it stays well-formed; the limits and enums come from the validation code where they can.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const param = (name: string): Json => ({ $ref: `#/components/parameters/${name}` });
const json = (schema: Json): Json => ({ 'application/json': { schema } });
const requestBody = (schema: string, description?: string): Json => ({ required: true, ...(description ? { description } : {}), content: json(ref(schema)) });
const returns = (description: string, schema: string): Json => ({ description, content: json(ref(schema)) });
const NO_CONTENT: Json = { description: 'Done; no body.' };

const ERROR_RESPONSES = {
  400: 'MalformedJson',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  410: 'Gone',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'ValidationFailed',
  429: 'RateLimited',
} as const;
type ErrorStatus = keyof typeof ERROR_RESPONSES;

const errors = (...statuses: ErrorStatus[]): Json =>
  Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/${ERROR_RESPONSES[status]}` }]));

/** Every request with a JSON body can fail these ways before its own checks run. */
const BODY_ERRORS: ErrorStatus[] = [400, 413, 415, 422];

const errorResponse = (description: string, examples: Record<string, { code: string; message: string; fields?: Record<string, string> }>): Json => ({
  description,
  content: {
    'application/json': {
      schema: ref('Error'),
      examples: Object.fromEntries(Object.entries(examples).map(([name, error]) => [name, { value: { error } }])),
    },
  },
});

// Security requirements: one object per alternative, and every scheme inside an object is needed together.
/** Credentials are optional: anyone may read, and an author also sees their own drafts. */
const OPTIONAL_AUTH = [{}, { bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
/** With the session cookie a write also needs the CSRF header; a bearer token needs none. */
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const NO_AUTH: Json[] = [];

const string = (maxLength: number, description?: string): Json => ({ type: 'string', maxLength, ...(description ? { description } : {}) });
const timestamp = (description: string, nullable = false): Json => ({
  type: nullable ? ['string', 'null'] : 'string',
  format: 'date-time',
  description,
  examples: ['2024-05-01T12:00:00.000Z'],
});
const id = (description: string): Json => ({ type: 'integer', minimum: 1, description });
const tags = (description: string): Json => ({ type: 'array', items: ref('TagName'), description });
const list = (item: string, description: string): Json => ({
  type: 'object',
  description,
  required: ['items', 'total', 'next'],
  properties: {
    items: { type: 'array', items: ref(item) },
    total: { type: 'integer', minimum: 0, description: 'How many items there are in all, across every page.' },
    next: {
      type: ['string', 'null'],
      description: 'Opaque cursor for the next page: pass it back as `cursor`. `null` on the last page.',
    },
  },
});

// Field rules shared by the POST and PATCH bodies; the POST body adds defaults and required fields.
const workFields: Json = {
  title: { type: 'string', minLength: 1, maxLength: 255 },
  summary: string(1250, 'Plain text, stored as written and escaped on output.'),
  notes: string(5000, 'Plain text shown before the first chapter.'),
  end_notes: string(5000, 'Plain text shown after the last chapter.'),
  language: {
    type: 'string',
    pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
    description: 'A BCP 47 language code.',
    examples: ['en', 'zh-Hant'],
  },
  rating: ref('Rating'),
  warnings: { type: 'array', items: ref('Warning'), minItems: 1 },
  fandoms: { ...tags('Fandom tag names.'), minItems: 1 },
  relationships: tags('Relationship tag names, such as "A/B" or "A & B".'),
  characters: tags('Character tag names.'),
  freeforms: tags('Additional tag names.'),
  expected_chapters: {
    type: ['integer', 'null'],
    minimum: 1,
    maximum: 10_000,
    description: 'How many chapters the work will have; `null` when not yet known.',
  },
  draft: { type: 'boolean', description: 'A draft is visible only to its authors. Setting it to false publishes the work.' },
  ...commentSettingFields,
};

const chapterFields: Json = {
  title: string(255),
  summary: string(1250, 'Plain text, stored as written and escaped on output.'),
  notes: string(5000, 'Plain text shown before the chapter.'),
  end_notes: string(5000, 'Plain text shown after the chapter.'),
  body: {
    type: 'string',
    minLength: 1,
    maxLength: MAX_BODY_CHARS,
    description: `The chapter text as the author wrote it, in \`format\`. At most ${MAX_BODY_CHARS.toLocaleString('en')} characters, counted before any conversion; HTML is sanitised when stored.`,
  },
  format: { type: 'string', enum: ['markdown', 'html'], description: 'How to read `body`.' },
  draft: { type: 'boolean', description: 'A draft chapter is visible only to the work’s authors.' },
};

const seriesFields: Json = {
  title: { type: 'string', minLength: 1, maxLength: 255 },
  summary: string(1250, 'Plain text, stored as written and escaped on output.'),
  notes: string(5000, 'Plain text.'),
  complete: { type: 'boolean', description: 'Whether the author considers the series finished.' },
};

const schemas: Json = {
  ...readerSchemas,
  ...commentSchemas,
  ...notificationSchemas,
  ...tagSchemas,
  ...exclusionSchemas,
  ...savedSearchSchemas,
  ...reportSchemas,
  ...settingsAdminSchemas,
  ...invitationSchemas,
  ...sessionSchemas,
  ...heldCommentSchemas,
  ...moderationSchemas,
  ...adminSchemas,
  ...portabilitySchemas,
  ...wranglingSchemas,
  Rating: { type: 'string', enum: [...RATINGS], description: 'A work’s content rating, spelled exactly as listed.' },
  Warning: { type: 'string', minLength: 1, maxLength: 100, examples: [...WARNINGS], description: 'An archive warning, spelled exactly as listed in the archive’s `archive_warnings` site setting (the examples are the default list). A work keeps warnings later dropped from the list.' },
  TagName: {
    type: 'string',
    minLength: 1,
    maxLength: 150,
    pattern: '^[^,]+$',
    description: 'A tag name as written (no commas). Tags are addressed by name, not by id.',
  },
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: {
            type: 'string',
            description: 'Stable and machine-readable; clients may rely on it.',
            examples: ['validation_failed', 'not_found', 'invalid_token'],
          },
          message: { type: 'string', description: 'For people; the wording may change.' },
          fields: {
            type: 'object',
            additionalProperties: { type: 'string' },
            description: 'With `validation_failed`: one message per top-level field that needs attention, keyed by field name.',
            examples: [{ title: 'Give your work a title.' }],
          },
          request_id: { type: 'string', description: 'Only on unexpected server errors (500): quote it when reporting the problem.' },
        },
      },
    },
  },

  User: {
    type: 'object',
    description: 'A user as anyone may see them.',
    required: ['id', 'username', 'display_name', 'bio', 'created_at', 'url'],
    properties: {
      id: id('The user’s id.'),
      username: { type: 'string', examples: ['river_song'] },
      display_name: { type: 'string', description: 'Empty when the user has not set one.' },
      bio: { type: 'string' },
      created_at: timestamp('When the account was created.'),
      url: { type: 'string', format: 'uri', description: 'The user’s page on the archive.' },
    },
  },
  Me: {
    description: 'The signed-in user’s own account, with private settings.',
    allOf: [
      ref('User'),
      {
        type: 'object',
        required: ['email', 'time_zone', 'view_adult', 'admin'],
        properties: {
          email: { type: 'string', format: 'email' },
          time_zone: { type: 'string', description: 'An IANA time zone name.', examples: ['UTC', 'Europe/Paris'] },
          view_adult: { type: 'boolean', description: 'Whether pages skip the adult-content notice for this user.' },
          admin: { type: 'boolean' },
          email_frequency: { type: 'string', enum: ['immediate', 'daily', 'off'] },
          email_confirmed: { type: 'boolean', description: 'Notification email goes only to a confirmed address.' },
          unread_notifications: { type: 'integer', minimum: 0 },
        },
      },
    ],
  },
  AccountInput: {
    type: 'object',
    required: ['username', 'email', 'password'],
    properties: {
      username: { type: 'string', minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' },
      email: { type: 'string', format: 'email', maxLength: 254 },
      password: { type: 'string', minLength: 10, maxLength: 1000, writeOnly: true },
      invitation: { type: 'string', maxLength: 200, writeOnly: true, description: 'While registration is invite-only: the token of an unused, unexpired invitation (the `invitation` parameter of the emailed sign-up link). Used once.' },
    },
  },
  MePatch: {
    type: 'object',
    description: 'Any subset of the user’s profile and preferences.',
    additionalProperties: false,
    properties: {
      display_name: string(100),
      bio: string(2000, 'Plain text.'),
      time_zone: { type: 'string', description: 'An IANA time zone name.', examples: ['UTC', 'America/New_York'] },
      view_adult: { type: 'boolean' },
      email_frequency: { type: 'string', enum: ['immediate', 'daily', 'off'], description: 'Notification email: each at once, a daily digest, or none.' },
    },
  },

  TokenInput: {
    type: 'object',
    required: ['login', 'password', 'name'],
    properties: {
      login: { type: 'string', minLength: 1, maxLength: 254, description: 'Username or email address.' },
      password: { type: 'string', minLength: 1, maxLength: 1000, writeOnly: true },
      name: { type: 'string', minLength: 1, maxLength: 100, description: 'A label to recognise the token by later.' },
      code: { type: 'string', maxLength: 40, writeOnly: true, description: 'With two-factor sign-in on: the current code from the authenticator app, or a recovery code.' },
    },
  },
  Token: {
    type: 'object',
    description: 'A personal access token as listed to its owner. The secret itself is never shown again.',
    required: ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked'],
    properties: {
      id: id('The token’s id.'),
      name: { type: 'string' },
      prefix: { type: 'string', description: 'The first characters of the secret, to tell tokens apart.', examples: ['chp_a1b2'] },
      created_at: timestamp('When the token was created.'),
      last_used_at: timestamp('When the token last authenticated a request; `null` if never.', true),
      revoked: { type: 'boolean' },
    },
  },
  NewToken: {
    description: 'A token just created, with its secret.',
    allOf: [
      ref('Token'),
      {
        type: 'object',
        required: ['token'],
        properties: {
          token: {
            type: 'string',
            description: 'The secret, shown only in this response. Send it as `Authorization: Bearer <token>`.',
            examples: ['chp_3kTq9ZxP0vLmN4sR7yB2wC8dF6gH1j'],
          },
        },
      },
    ],
  },

  SeriesPlacement: {
    description: 'Where to put the work: in an existing series of yours, or in a new series.',
    oneOf: [
      {
        title: 'Existing series',
        type: 'object',
        required: ['id'],
        additionalProperties: false,
        properties: {
          id: id('The series’ id.'),
          position: { type: 'integer', minimum: 1, description: 'The 1-based part number; without it the work becomes the next part.' },
        },
      },
      {
        title: 'New series',
        type: 'object',
        required: ['title'],
        additionalProperties: false,
        properties: { title: { type: 'string', minLength: 1, maxLength: 255 } },
      },
    ],
  },
  WorkInput: {
    type: 'object',
    description: `A new work with its chapters. A work carries at most ${MAX_TAGS} tags across fandoms, relationships, characters and freeforms.`,
    required: ['title', 'rating', 'warnings', 'fandoms', 'chapters'],
    properties: {
      ...workFields,
      summary: { ...(workFields.summary as Json), default: '' },
      notes: { ...(workFields.notes as Json), default: '' },
      end_notes: { ...(workFields.end_notes as Json), default: '' },
      language: { ...(workFields.language as Json), default: 'en' },
      relationships: { ...(workFields.relationships as Json), default: [] },
      characters: { ...(workFields.characters as Json), default: [] },
      freeforms: { ...(workFields.freeforms as Json), default: [] },
      expected_chapters: { ...(workFields.expected_chapters as Json), default: null },
      draft: { ...(workFields.draft as Json), default: false },
      series: ref('SeriesPlacement'),
      chapters: { type: 'array', items: ref('ChapterInput'), minItems: 1, maxItems: 500, description: 'The chapters in reading order.' },
    },
  },
  WorkPatch: {
    type: 'object',
    description: 'Any subset of the work’s fields; absent fields keep their values. Chapters are changed through their own endpoints.',
    additionalProperties: false,
    properties: {
      ...workFields,
      series: { ...ref('SeriesPlacement'), description: 'Adds the work to a series, or moves it within one it is already in.' },
      leave_series: { type: 'array', items: id('A series id.'), description: 'Series to take the work out of.' },
    },
  },
  WorkRef: {
    type: 'object',
    required: ['id', 'title', 'position'],
    properties: {
      id: id('The work’s id.'),
      title: { type: 'string' },
      position: { type: 'integer', minimum: 1, description: 'The work’s 1-based part number in the series.' },
    },
  },
  SeriesRef: {
    type: 'object',
    required: ['id', 'title', 'position'],
    properties: {
      id: id('The series’ id.'),
      title: { type: 'string' },
      position: { type: 'integer', minimum: 1, description: 'The work’s 1-based part number in this series.' },
    },
  },
  Work: {
    type: 'object',
    required: [
      'id', 'title', 'summary', 'notes', 'end_notes', 'language', 'rating', 'warnings', 'fandoms', 'relationships', 'characters',
      'freeforms', 'authors', 'word_count', 'chapter_count', 'expected_chapters', 'complete', 'draft', 'published_at', 'updated_at',
      'series', 'stats', 'url',
    ],
    properties: {
      id: id('The work’s id.'),
      title: { type: 'string' },
      summary: { type: 'string' },
      notes: { type: 'string' },
      end_notes: { type: 'string' },
      language: { type: 'string', examples: ['en'] },
      rating: ref('Rating'),
      warnings: { type: 'array', items: ref('Warning') },
      fandoms: { type: 'array', items: { type: 'string' } },
      relationships: { type: 'array', items: { type: 'string' } },
      characters: { type: 'array', items: { type: 'string' } },
      freeforms: { type: 'array', items: { type: 'string' } },
      authors: { type: 'array', items: { type: 'string' }, description: 'The authors’ usernames.' },
      word_count: { type: 'integer', minimum: 0 },
      chapter_count: { type: 'integer', minimum: 0 },
      expected_chapters: { type: ['integer', 'null'], minimum: 1 },
      complete: { type: 'boolean' },
      draft: { type: 'boolean' },
      published_at: timestamp('When the work was first published; `null` for a draft.', true),
      updated_at: timestamp('When the work last changed.'),
      series: { type: 'array', items: ref('SeriesRef'), description: 'The series this work belongs to.' },
      ...commentSettingFields,
      stats: {
        type: 'object',
        required: ['kudos', 'comments', 'bookmarks', 'hits'],
        properties: {
          kudos: { type: 'integer', minimum: 0 },
          comments: { type: 'integer', minimum: 0 },
          bookmarks: { type: 'integer', minimum: 0 },
          hits: { type: 'integer', minimum: 0 },
        },
      },
      url: { type: 'string', format: 'uri', description: 'The work’s page on the archive.' },
    },
  },
  WorkList: list('Work', 'A page of works.'),
  FilteredWorkList: {
    type: 'object',
    description: 'A page of works with the total that match and the sidebar counts.',
    required: ['items', 'total', 'facets', 'next'],
    properties: {
      items: { type: 'array', items: { $ref: '#/components/schemas/Work' } },
      total: { type: 'integer' },
      facets: listingFacetsSchema,
      next: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
    },
  },

  ChapterInput: {
    type: 'object',
    required: ['body'],
    properties: {
      ...chapterFields,
      title: { ...(chapterFields.title as Json), default: '' },
      summary: { ...(chapterFields.summary as Json), default: '' },
      notes: { ...(chapterFields.notes as Json), default: '' },
      end_notes: { ...(chapterFields.end_notes as Json), default: '' },
      format: { ...(chapterFields.format as Json), default: 'html' },
      draft: { ...(chapterFields.draft as Json), default: false },
    },
  },
  NewChapter: {
    description: 'A chapter to add to an existing work.',
    allOf: [
      ref('ChapterInput'),
      {
        type: 'object',
        properties: {
          position: { type: 'integer', minimum: 1, description: 'Where to insert the chapter (1-based); without it the chapter goes last.' },
        },
      },
    ],
  },
  ChapterPatch: {
    type: 'object',
    description: 'Any subset of the chapter’s fields; absent fields keep their values.',
    additionalProperties: false,
    properties: chapterFields,
  },
  ChapterOrder: {
    type: 'object',
    required: ['order'],
    properties: {
      order: { type: 'array', items: id('A chapter id.'), description: 'Every chapter id of the work, in the new reading order.' },
    },
  },
  Chapter: {
    type: 'object',
    required: [
      'id', 'work_id', 'position', 'title', 'summary', 'notes', 'end_notes', 'body_html', 'word_count', 'draft', 'published_at',
      'updated_at', 'url',
    ],
    properties: {
      id: id('The chapter’s id.'),
      work_id: id('The work the chapter belongs to.'),
      position: { type: 'integer', minimum: 1, description: 'The chapter’s 1-based place in the work.' },
      title: { type: 'string' },
      summary: { type: 'string' },
      notes: { type: 'string' },
      end_notes: { type: 'string' },
      body_html: { type: 'string', description: 'The chapter text as sanitised HTML.' },
      word_count: { type: 'integer', minimum: 0 },
      draft: { type: 'boolean' },
      published_at: timestamp('When the chapter was published; `null` for a draft.', true),
      updated_at: timestamp('When the chapter last changed.'),
      url: { type: 'string', format: 'uri', description: 'The chapter’s page on the archive.' },
    },
  },
  ChapterList: list('Chapter', 'Chapters in reading order.'),

  SeriesInput: {
    type: 'object',
    required: ['title'],
    properties: {
      ...seriesFields,
      summary: { ...(seriesFields.summary as Json), default: '' },
      notes: { ...(seriesFields.notes as Json), default: '' },
      complete: { ...(seriesFields.complete as Json), default: false },
    },
  },
  SeriesPatch: {
    type: 'object',
    description: 'Any subset of the series’ fields; absent fields keep their values.',
    additionalProperties: false,
    properties: {
      ...seriesFields,
      works: { type: 'array', items: id('A work id.'), description: 'The ids of the series’ works in the new reading order.' },
    },
  },
  Series: {
    type: 'object',
    required: ['id', 'title', 'summary', 'notes', 'complete', 'authors', 'works', 'created_at', 'updated_at', 'url'],
    properties: {
      id: id('The series’ id.'),
      title: { type: 'string' },
      summary: { type: 'string' },
      notes: { type: 'string' },
      complete: { type: 'boolean' },
      authors: { type: 'array', items: { type: 'string' }, description: 'The authors’ usernames.' },
      works: { type: 'array', items: ref('WorkRef'), description: 'The works in reading order.' },
      created_at: timestamp('When the series was created.'),
      updated_at: timestamp('When the series last changed.'),
      url: { type: 'string', format: 'uri', description: 'The series’ page on the archive.' },
    },
  },
  TokenList: list('Token', 'The user’s tokens, revoked ones included.'),
  RelationInput: {
    type: 'object',
    required: ['username'],
    properties: { username: { type: 'string', minLength: 1, maxLength: 100, description: 'The account to block or mute (case-insensitive); not yourself.' } },
  },
  Relation: {
    type: 'object',
    required: ['username', 'display_name', 'created_at', 'url'],
    properties: {
      username: { type: 'string' },
      display_name: { type: 'string', description: 'Empty when the account goes by its username.' },
      created_at: timestamp('When you blocked or muted the account.'),
      url: { type: 'string', format: 'uri', description: 'The account’s author page.' },
    },
  },
  RelationList: list('Relation', 'Every account on the list, most recent first; at most 2,000, so `next` is always `null`.'),
};

const responses: Json = {
  MalformedJson: errorResponse('The body is not valid JSON.', {
    malformed_json: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
  }),
  Unauthorized: errorResponse('No credentials where an account is needed, or a bearer token that is unknown, expired or revoked.', {
    unauthorized: { code: 'unauthorized', message: 'You need to sign in to do that.' },
    invalid_token: { code: 'invalid_token', message: 'The access token is unknown, expired or revoked.' },
  }),
  Forbidden: errorResponse('Not allowed: someone else’s resource, or a cookie-authenticated write without a valid CSRF token.', {
    forbidden: { code: 'forbidden', message: 'You are not allowed to do that.' },
    csrf_failed: { code: 'csrf_failed', message: 'The form expired or did not come from this site. Reload the page and try again.' },
  }),
  NotFound: errorResponse('No such resource (or a draft you cannot see).', {
    not_found: { code: 'not_found', message: 'That work does not exist.' },
  }),
  Gone: errorResponse('The resource existed but has been deleted.', {
    gone: { code: 'gone', message: 'That work has been deleted.' },
  }),
  PayloadTooLarge: errorResponse('The request body is larger than the archive accepts.', {
    payload_too_large: { code: 'payload_too_large', message: 'The request is larger than this archive accepts.' },
  }),
  UnsupportedMediaType: errorResponse('A body was sent with a content type other than JSON.', {
    unsupported_media_type: { code: 'unsupported_media_type', message: 'Send JSON with Content-Type: application/json.' },
  }),
  ValidationFailed: errorResponse('Some fields are missing or invalid; `fields` says which and why.', {
    validation_failed: { code: 'validation_failed', message: 'Some fields need attention.', fields: { title: 'Give your work a title.' } },
  }),
  RateLimited: {
    ...errorResponse('Too many attempts; wait as long as `Retry-After` says.', {
      rate_limited: { code: 'rate_limited', message: 'Too many attempts. Wait a little and try again.' },
    }),
    headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
  },
};

const parameters: Json = {
  ...commentParameters,
  WorkId: { name: 'id', in: 'path', required: true, description: 'The work’s id.', schema: { type: 'integer', minimum: 1 } },
  ChapterPosition: {
    name: 'position',
    in: 'path',
    required: true,
    description: 'The chapter’s 1-based place in the work.',
    schema: { type: 'integer', minimum: 1 },
  },
  SeriesId: { name: 'id', in: 'path', required: true, description: 'The series’ id.', schema: { type: 'integer', minimum: 1 } },
  TokenId: { name: 'id', in: 'path', required: true, description: 'The token’s id.', schema: { type: 'integer', minimum: 1 } },
  Username: { name: 'username', in: 'path', required: true, description: 'The username (case-insensitive).', schema: { type: 'string' } },
  Cursor: {
    name: 'cursor',
    in: 'query',
    required: false,
    description: 'The `next` value of the previous page; omit for the first page.',
    schema: { type: 'string' },
  },
  Limit: {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Items per page.',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
};

const paths: Json = {
  ...readerPaths,
  ...notificationPaths,
  ...tagPaths,
  ...exclusionPaths,
  ...savedSearchPaths,
  ...reportPaths,
  ...settingsAdminPaths,
  ...invitationPaths,
  ...sessionPaths,
  ...heldCommentPaths,
  ...moderationPaths,
  ...adminPaths,
  ...portabilityPaths,
  ...wranglingPaths,
  '/blocks': {
    get: {
      tags: ['Blocks and mutes'],
      operationId: 'listBlocks',
      summary: 'Accounts you blockd',
      security: SIGNED_IN_READ,
      responses: { 200: returns('Your blockd accounts.', 'RelationList'), ...errors(401) },
    },
    post: {
      tags: ['Blocks and mutes'],
      operationId: 'blockUser',
      summary: 'Block an account',
      description: 'A blocked account cannot comment on or reply to your works and comments, nor leave kudos on your works. 201 when added, 200 when it already was; yourself, an unknown account or more than 2,000 is a 422.',
      security: SIGNED_IN_WRITE,
      requestBody: requestBody('RelationInput'),
      responses: { 200: returns('Already blockd.', 'Relation'), 201: returns('Blockd.', 'Relation'), ...errors(...BODY_ERRORS, 401, 403) },
    },
  },
  '/blocks/{username}': {
    parameters: [param('Username')],
    delete: {
      tags: ['Blocks and mutes'],
      operationId: 'unblockUser',
      summary: 'Unblock an account',
      description: 'Harmless when the account was not blockd; 404 when there is no such account.',
      security: SIGNED_IN_WRITE,
      responses: { 204: NO_CONTENT, ...errors(401, 403, 404) },
    },
  },
  '/mutes': {
    get: {
      tags: ['Blocks and mutes'],
      operationId: 'listMutes',
      summary: 'Accounts you muted',
      security: SIGNED_IN_READ,
      responses: { 200: returns('Your muted accounts.', 'RelationList'), ...errors(401) },
    },
    post: {
      tags: ['Blocks and mutes'],
      operationId: 'muteUser',
      summary: 'Mute an account',
      description: 'A muted account’s works and comments are left out of every listing and page you see, and listing totals agree. 201 when added, 200 when it already was; yourself, an unknown account or more than 2,000 is a 422.',
      security: SIGNED_IN_WRITE,
      requestBody: requestBody('RelationInput'),
      responses: { 200: returns('Already muted.', 'Relation'), 201: returns('Muted.', 'Relation'), ...errors(...BODY_ERRORS, 401, 403) },
    },
  },
  '/mutes/{username}': {
    parameters: [param('Username')],
    delete: {
      tags: ['Blocks and mutes'],
      operationId: 'unmuteUser',
      summary: 'Unmute an account',
      description: 'Harmless when the account was not muted; 404 when there is no such account.',
      security: SIGNED_IN_WRITE,
      responses: { 204: NO_CONTENT, ...errors(401, 403, 404) },
    },
  },
  ...commentPaths,
  ...importPaths,
  ...downloadPaths,
  '/openapi.json': {
    get: {
      tags: ['Meta'],
      operationId: 'getOpenApiDocument',
      summary: 'This document',
      security: NO_AUTH,
      responses: { 200: { description: 'The OpenAPI 3.1 description of the API.', content: json({ type: 'object' }) } },
    },
  },

  '/accounts': {
    post: {
      tags: ['Accounts'],
      operationId: 'createAccount',
      summary: 'Sign up',
      description: 'Creates an account. Sign-up may be closed on an archive (403 `registration_closed`), or invite-only: then `invitation` must hold a valid invitation token (403 `invitation_required` without one, 403 `invitation_invalid` for an unknown, used or expired one). A taken username is a 422.',
      security: NO_AUTH,
      requestBody: requestBody('AccountInput'),
      responses: { 201: returns('The new account.', 'Me'), ...errors(...BODY_ERRORS, 401, 403) },
    },
  },
  '/tokens': {
    get: {
      tags: ['Tokens'],
      operationId: 'listTokens',
      summary: 'List your access tokens',
      description: 'Never includes the secrets.',
      security: SIGNED_IN_READ,
      responses: { 200: returns('Your tokens.', 'TokenList'), ...errors(401) },
    },
    post: {
      tags: ['Tokens'],
      operationId: 'createToken',
      summary: 'Create a personal access token',
      description:
        'Exchanges a username or email and password for a bearer token. Wrong credentials are a 422 that does not say which part was wrong; ' +
        'repeated failures are rate-limited per account and per client address.',
      security: NO_AUTH,
      requestBody: requestBody('TokenInput'),
      responses: { 201: returns('The token, with its secret shown this once.', 'NewToken'), ...errors(...BODY_ERRORS, 401, 429) },
    },
  },
  '/tokens/{id}': {
    parameters: [param('TokenId')],
    delete: {
      tags: ['Tokens'],
      operationId: 'revokeToken',
      summary: 'Revoke an access token',
      security: SIGNED_IN_WRITE,
      responses: { 204: NO_CONTENT, ...errors(401, 403, 404) },
    },
  },
  '/me': {
    get: {
      tags: ['Accounts'],
      operationId: 'getMe',
      summary: 'Your account',
      security: SIGNED_IN_READ,
      responses: { 200: returns('The signed-in user.', 'Me'), ...errors(401) },
    },
    patch: {
      tags: ['Accounts'],
      operationId: 'updateMe',
      summary: 'Change your profile and preferences',
      security: SIGNED_IN_WRITE,
      requestBody: requestBody('MePatch'),
      responses: { 200: returns('The updated account.', 'Me'), ...errors(...BODY_ERRORS, 401, 403) },
    },
    delete: deleteMeOperation,
  },
  '/users/{username}': {
    parameters: [param('Username')],
    get: {
      tags: ['Accounts'],
      operationId: 'getUser',
      summary: 'A user’s public profile',
      security: OPTIONAL_AUTH,
      responses: { 200: returns('The user.', 'User'), ...errors(401, 404) },
    },
    patch: wranglerPatchOperation,
  },

  '/works': {
    get: {
      tags: ['Works'],
      operationId: 'listWorks',
      summary: 'List works',
      description:
        'Published works, most recently updated first. Adult works are included, with their rating. Any filter parameter (or `page`) switches to a filtered listing: ' +
        'sorted as asked, `total` counts the matching works, `facets` counts them per rating, warning and common tag, `cursor` is the `next` of the previous page, ' +
        'and an invalid filter answers 422 with fields. The same query string on the /works page shows the same works in the same order.',
      security: OPTIONAL_AUTH,
      parameters: [param('Cursor'), param('Limit'), ...listingFilterParameters],
      responses: { 200: returns('A page of works.', 'FilteredWorkList'), ...errors(400, 401, 422) },
    },
    post: {
      tags: ['Works'],
      operationId: 'createWork',
      summary: 'Post a work',
      description: 'Creates a work with its chapters; `series: {id}` without a position appends the work as the next part.',
      security: SIGNED_IN_WRITE,
      requestBody: requestBody('WorkInput'),
      responses: { 201: returns('The new work.', 'Work'), ...errors(...BODY_ERRORS, 401, 403) },
    },
  },
  '/search': {
    get: {
      tags: ['Works'],
      operationId: 'searchWorks',
      summary: 'Search works',
      description:
        'Posted works matching `q`, best match first (title and authors weigh most) or in any listing sort, combined with every filter of GET /works (same parameters, same answer). ' +
        'All words must match; `"quotes"` make a phrase, `-word` leaves works out, and `title:`, `author:`, `tag:` and `series:` look in one field. ' +
        'Works by muted authors and with excluded tags are left out of the items, the total and the facets. An empty query, one over 500 characters, or one with nothing but punctuation is a 422.',
      security: OPTIONAL_AUTH,
      parameters: [param('Cursor'), param('Limit'), ...listingFilterParameters.map((p) => (p['name'] === 'q' ? { ...p, required: true } : p))],
      responses: { 200: returns('A page of matching works.', 'FilteredWorkList'), ...errors(400, 401, 422) },
    },
  },
  '/works/{id}': {
    parameters: [param('WorkId')],
    get: {
      tags: ['Works'],
      operationId: 'getWork',
      summary: 'A work',
      description: 'A draft is visible only to its authors; to anyone else it is a 404.',
      security: OPTIONAL_AUTH,
      responses: { 200: returns('The work.', 'Work'), ...errors(401, 404, 410) },
    },
    patch: {
      tags: ['Works'],
      operationId: 'updateWork',
      summary: 'Edit a work',
      security: SIGNED_IN_WRITE,
      requestBody: requestBody('WorkPatch'),
      responses: { 200: returns('The updated work.', 'Work'), ...errors(...BODY_ERRORS, 401, 403, 404, 410) },
    },
    delete: {
      tags: ['Works'],
      operationId: 'deleteWork',
      summary: 'Delete a work',
      description: 'Afterwards the work answers 410 Gone.',
      security: SIGNED_IN_WRITE,
      responses: { 204: NO_CONTENT, ...errors(401, 403, 404, 410) },
    },
  },

  '/works/{id}/chapters': {
    parameters: [param('WorkId')],
    get: {
      tags: ['Chapters'],
      operationId: 'listChapters',
      summary: 'A work’s chapters',
      description: 'In reading order. Draft chapters are listed only for the work’s authors.',
      security: OPTIONAL_AUTH,
      responses: { 200: returns('The chapters.', 'ChapterList'), ...errors(401, 404, 410) },
    },
    post: {
      tags: ['Chapters'],
      operationId: 'createChapter',
      summary: 'Add a chapter',
      description: 'Appends the chapter, or inserts it at `position` (given in the query or the body) and moves later chapters down.',
      security: SIGNED_IN_WRITE,
      parameters: [
        {
          name: 'position',
          in: 'query',
          required: false,
          description: 'Where to insert the chapter (1-based); the same as `position` in the body.',
          schema: { type: 'integer', minimum: 1 },
        },
      ],
      requestBody: requestBody('NewChapter'),
      responses: { 201: returns('The new chapter.', 'Chapter'), ...errors(...BODY_ERRORS, 401, 403, 404, 410) },
    },
  },
  '/works/{id}/chapters/order': {
    parameters: [param('WorkId')],
    post: {
      tags: ['Chapters'],
      operationId: 'reorderChapters',
      summary: 'Reorder a work’s chapters',
      security: SIGNED_IN_WRITE,
      requestBody: requestBody('ChapterOrder'),
      responses: { 200: returns('The chapters in their new order.', 'ChapterList'), ...errors(...BODY_ERRORS, 401, 403, 404, 410) },
    },
  },
  '/works/{id}/chapters/{position}': {
    parameters: [param('WorkId'), param('ChapterPosition')],
    get: {
      tags: ['Chapters'],
      operationId: 'getChapter',
      summary: 'A chapter',
      security: OPTIONAL_AUTH,
      responses: { 200: returns('The chapter, its text as `body_html`.', 'Chapter'), ...errors(401, 404, 410) },
    },
    patch: {
      tags: ['Chapters'],
      operationId: 'updateChapter',
      summary: 'Edit a chapter',
      security: SIGNED_IN_WRITE,
      requestBody: requestBody('ChapterPatch'),
      responses: { 200: returns('The updated chapter.', 'Chapter'), ...errors(...BODY_ERRORS, 401, 403, 404, 410) },
    },
    delete: {
      tags: ['Chapters'],
      operationId: 'deleteChapter',
      summary: 'Delete a chapter',
      description: 'Later chapters move up one place.',
      security: SIGNED_IN_WRITE,
      responses: { 204: NO_CONTENT, ...errors(401, 403, 404, 410) },
    },
  },

  '/series': {
    post: {
      tags: ['Series'],
      operationId: 'createSeries',
      summary: 'Start a series',
      security: SIGNED_IN_WRITE,
      requestBody: requestBody('SeriesInput'),
      responses: { 201: returns('The new series.', 'Series'), ...errors(...BODY_ERRORS, 401, 403) },
    },
  },
  '/series/{id}': {
    parameters: [param('SeriesId')],
    get: {
      tags: ['Series'],
      operationId: 'getSeries',
      summary: 'A series',
      security: OPTIONAL_AUTH,
      responses: { 200: returns('The series, its works in reading order.', 'Series'), ...errors(401, 404, 410) },
    },
    patch: {
      tags: ['Series'],
      operationId: 'updateSeries',
      summary: 'Edit a series or reorder its works',
      security: SIGNED_IN_WRITE,
      requestBody: requestBody('SeriesPatch'),
      responses: { 200: returns('The updated series.', 'Series'), ...errors(...BODY_ERRORS, 401, 403, 404, 410) },
    },
    delete: {
      tags: ['Series'],
      operationId: 'deleteSeries',
      summary: 'Delete a series',
      description: 'The works stay; they are only taken out of the series.',
      security: SIGNED_IN_WRITE,
      responses: { 204: NO_CONTENT, ...errors(401, 403, 404, 410) },
    },
  },
};

const DESCRIPTION = `The JSON twin of every Chapterhouse page.

- JSON in, JSON out; fields are snake_case; timestamps are ISO 8601 in UTC; ids in paths are integers.
- Lists are \`{"items": [...], "total": N, "next": cursor-or-null}\`; pass \`next\` back as \`cursor\` for the following page.
- Errors are \`{"error": {"code", "message", "fields"?}}\` with a stable \`code\`; bad input is never a 500.
- Authenticate with a personal access token (\`Authorization: Bearer chp_...\`, from \`POST /tokens\`) or with the
  browser's \`ch_session\` cookie. Writes authenticated by the cookie must also send \`X-CSRF-Token\`; token and anonymous requests need none.
- Plain-text fields (titles, summaries, notes, tag names, usernames) are stored as written; only chapter bodies are HTML.`;

/** The OpenAPI 3.1 document for the API served under `${baseUrl}/api/v1`. */
export function openApiDocument(baseUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Chapterhouse API',
      version: '1.0.0',
      description: DESCRIPTION,
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: `${baseUrl.replace(/\/+$/, '')}/api/v1` }],
    tags: [
      { name: 'Accounts', description: 'Sign-up, your account and public profiles.' },
      { name: 'Tokens', description: 'Personal access tokens for the API.' },
      { name: 'Works', description: 'Works: posting, reading, editing and deleting.' },
      { name: 'Chapters', description: 'The chapters of a work, addressed by their 1-based position.' },
      { name: 'Series', description: 'Series of works in reading order.' },
      commentTag,
      { name: 'Blocks and mutes', description: 'Accounts you blocked (no comments or kudos from them) or muted (hidden from you).' },
      ...readerTags,
      ...notificationTags,
      ...tagTags,
      ...exclusionTags,
      ...savedSearchTags,
      ...reportTags,
      ...settingsAdminTags,
      ...invitationTags,
      ...sessionTags,
      ...moderationTags,
      ...adminTags,
      ...portabilityTags,
      ...wranglingTags,
      ...downloadTags,
      { name: 'Meta', description: 'About the API itself.' },
    ],
    paths,
    components: {
      schemas,
      responses,
      parameters,
      headers: {
        RetryAfter: { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } },
      },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'chp_...',
          description: 'A personal access token from `POST /tokens`. An unknown, expired or revoked token is a 401 even where credentials are optional.',
        },
        cookieAuth: {
          type: 'apiKey',
          in: 'cookie',
          name: 'ch_session',
          description: 'The browser session set when signing in on the site. Writes also need `X-CSRF-Token` (see csrfToken).',
        },
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description:
            'The CSRF token of the browser session (the `_csrf` value in the site’s forms, tied to its `ch_csrf` cookie). Needed only with cookieAuth, on writes.',
        },
      },
    },
  };
}
