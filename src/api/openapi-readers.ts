import { MAX_BOOKMARK_TAGS, MAX_NOTES_CHARS } from '../bookmarks/bookmarks.forms.js';

// The OpenAPI description of kudos, bookmarks, reading history and the to-read list; openapi.ts merges these into
// the document (kept apart so each domain's description sits in one place).

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const param = (name: string): Json => ({ $ref: `#/components/parameters/${name}` });
const err = (...statuses: (keyof typeof ERRORS)[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${ERRORS[s]}` }]));
const ERRORS = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 410: 'Gone', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType', 422: 'ValidationFailed' } as const;
const returns = (description: string, schema: string): Json => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const body = (schema: string): Json => ({ required: true, content: { 'application/json': { schema: ref(schema) } } });
const OPTIONAL_AUTH = [{}, { bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_READ = [{ bearerAuth: [] }, { cookieAuth: [] }];
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
/** Guests may write without credentials (a session cookie then also needs the CSRF header). */
const ANYONE_WRITE = [{}, { bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];
const NO_CONTENT: Json = { description: 'Done; no body.' };
const PAGE: Json = { name: 'page', in: 'query', required: false, description: '1-based page number (20 per page).', schema: { type: 'integer', minimum: 1, default: 1 } };
const listOf = (item: string, description: string): Json => ({
  type: 'object',
  description,
  required: ['items', 'total', 'next'],
  properties: { items: { type: 'array', items: ref(item) }, total: { type: 'integer', minimum: 0 }, next: { type: ['string', 'null'], description: 'The path of the next page, or null.' } },
});

export const readerTags: Json[] = [
  { name: 'Kudos', description: 'Kudos on works: one per account and one per guest.' },
  { name: 'Bookmarks', description: 'Bookmarks of works and series, with notes, tags, private and rec flags.' },
  { name: 'History', description: 'Your reading history and your Marked for later list.' },
];

const bookmarkFields: Json = {
  notes: { type: 'string', maxLength: MAX_NOTES_CHARS, description: 'Markdown or HTML, sanitized; empty for none.' },
  tags: {
    oneOf: [{ type: 'string', description: 'Comma-separated.' }, { type: 'array', items: { type: 'string', maxLength: 150 }, maxItems: MAX_BOOKMARK_TAGS }],
    description: 'Your own tags for the bookmark.',
  },
  private: { type: 'boolean', description: 'Only you see a private bookmark; it is not counted on the work.' },
  rec: { type: 'boolean', description: 'A recommendation.' },
};

export const readerSchemas: Json = {
  KudosResult: { type: 'object', required: ['created'], properties: { created: { type: 'boolean', description: 'False when you had already left kudos (nothing changed).' } } },
  KudosRemoved: { type: 'object', required: ['removed'], properties: { removed: { type: 'boolean' } } },
  KudosSummary: {
    type: 'object',
    required: ['usernames', 'more_accounts', 'guests', 'total'],
    properties: {
      usernames: { type: 'array', items: { type: 'string' }, description: 'Accounts that left kudos, most recent first (at most 50).' },
      more_accounts: { type: 'integer', minimum: 0, description: 'Accounts not listed.' },
      guests: { type: 'integer', minimum: 0 },
      total: { type: 'integer', minimum: 0, description: 'All kudos, accounts and guests.' },
    },
  },
  BookmarkInput: {
    type: 'object',
    additionalProperties: false,
    description: 'Exactly one of work_id and series_id. Saving a bookmark of something you already bookmarked replaces that bookmark.',
    properties: { work_id: { type: 'integer', minimum: 1 }, series_id: { type: 'integer', minimum: 1 }, ...bookmarkFields },
  },
  BookmarkPatch: { type: 'object', additionalProperties: false, description: 'Any subset; absent fields keep their values.', properties: bookmarkFields },
  BookmarkTarget: { type: 'object', description: 'Exactly one of work_id and series_id.', properties: { work_id: { type: 'integer', minimum: 1 }, series_id: { type: 'integer', minimum: 1 } } },
  Bookmark: {
    type: 'object',
    required: ['id', 'username', 'work_id', 'series_id', 'title', 'notes', 'notes_html', 'tags', 'private', 'rec', 'created_at', 'updated_at', 'url'],
    properties: {
      id: { type: 'integer', minimum: 1 },
      username: { type: 'string', description: 'Who made the bookmark.' },
      work_id: { type: ['integer', 'null'] },
      series_id: { type: ['integer', 'null'] },
      title: { type: ['string', 'null'], description: 'The bookmarked work’s or series’ title.' },
      notes: { type: 'string', description: 'The notes as written.' },
      notes_html: { type: 'string', description: 'The notes as sanitized HTML.' },
      tags: { type: 'array', items: { type: 'string' } },
      private: { type: 'boolean' },
      rec: { type: 'boolean' },
      created_at: { type: 'string', format: 'date-time' },
      updated_at: { type: 'string', format: 'date-time' },
      url: { type: 'string', format: 'uri', description: 'The bookmarked work or series.' },
    },
  },
  BookmarkList: listOf('Bookmark', 'Bookmarks, newest first.'),
  Reading: {
    type: 'object',
    required: ['work_id', 'url', 'last_chapter_position', 'views', 'marked_for_later', 'visited_at'],
    properties: {
      work_id: { type: 'integer', minimum: 1 },
      url: { type: 'string', format: 'uri' },
      last_chapter_position: { type: ['integer', 'null'], description: 'The last chapter you read, when known.' },
      views: { type: 'integer', minimum: 0 },
      marked_for_later: { type: 'boolean' },
      visited_at: { type: 'string', format: 'date-time' },
    },
  },
  ReadingList: listOf('Reading', 'Your history or Marked for later list, most recent first.'),
  LaterResult: { type: 'object', required: ['marked_for_later'], properties: { marked_for_later: { type: 'boolean' } } },
};

const BODY = [400, 413, 415, 422] as const;

export const readerPaths: Json = {
  '/works/{id}/kudos': {
    parameters: [param('WorkId')],
    get: { tags: ['Kudos'], operationId: 'listKudos', summary: 'Who left kudos on a work', security: OPTIONAL_AUTH, responses: { 200: returns('Names and counts.', 'KudosSummary'), ...err(404, 410) } },
    post: {
      tags: ['Kudos'],
      operationId: 'leaveKudos',
      summary: 'Leave kudos',
      description: 'Guests may leave kudos without credentials (one per guest, keyed on a hash of address and cookie). 201 when left, 200 with `created: false` when you already had. Your own work or an author who blocked you: 403; a draft: 404.',
      security: ANYONE_WRITE,
      responses: { 200: returns('Already left.', 'KudosResult'), 201: returns('Left.', 'KudosResult'), ...err(403, 404, 410) },
    },
    delete: { tags: ['Kudos'], operationId: 'removeKudos', summary: 'Withdraw your kudos', security: SIGNED_IN_WRITE, responses: { 200: returns('Whether there was one.', 'KudosRemoved'), ...err(401, 403, 404, 410) } },
  },
  '/works/{id}/bookmarks': {
    parameters: [param('WorkId')],
    get: { tags: ['Bookmarks'], operationId: 'listWorkBookmarks', summary: 'A work’s public bookmarks', security: OPTIONAL_AUTH, parameters: [PAGE], responses: { 200: returns('Public bookmarks of the work.', 'BookmarkList'), ...err(404, 410) } },
  },
  '/bookmarks': {
    get: {
      tags: ['Bookmarks'],
      operationId: 'listBookmarks',
      summary: 'Your bookmarks, or someone’s public ones',
      description: 'Without `username`, your own (private ones too; needs credentials). With it, that reader’s public bookmarks.',
      security: OPTIONAL_AUTH,
      parameters: [{ name: 'username', in: 'query', required: false, schema: { type: 'string' } }, PAGE],
      responses: { 200: returns('Bookmarks.', 'BookmarkList'), ...err(401, 404) },
    },
    post: {
      tags: ['Bookmarks'],
      operationId: 'saveBookmark',
      summary: 'Bookmark a work or series',
      description: '201 when created; 200 when you had bookmarked it already (the bookmark is replaced). A draft you cannot see: 404.',
      security: SIGNED_IN_WRITE,
      requestBody: body('BookmarkInput'),
      responses: { 200: returns('Replaced.', 'Bookmark'), 201: returns('Created.', 'Bookmark'), ...err(...BODY, 401, 403, 404, 410) },
    },
    delete: {
      tags: ['Bookmarks'],
      operationId: 'deleteBookmarkOf',
      summary: 'Delete your bookmark of a work or series',
      description: 'The body (or the query) names the work or series.',
      security: SIGNED_IN_WRITE,
      requestBody: { ...body('BookmarkTarget'), required: false },
      responses: { 204: NO_CONTENT, ...err(...BODY, 401, 403, 404) },
    },
  },
  '/bookmarks/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The bookmark’s id.', schema: { type: 'integer', minimum: 1 } }],
    get: { tags: ['Bookmarks'], operationId: 'getBookmark', summary: 'A bookmark', description: 'Someone else’s private bookmark is a 404.', security: OPTIONAL_AUTH, responses: { 200: returns('The bookmark.', 'Bookmark'), ...err(404) } },
    patch: { tags: ['Bookmarks'], operationId: 'updateBookmark', summary: 'Edit your bookmark', security: SIGNED_IN_WRITE, requestBody: body('BookmarkPatch'), responses: { 200: returns('The bookmark.', 'Bookmark'), ...err(...BODY, 401, 403, 404) } },
    delete: { tags: ['Bookmarks'], operationId: 'deleteBookmark', summary: 'Delete your bookmark', security: SIGNED_IN_WRITE, responses: { 204: NO_CONTENT, ...err(401, 403, 404) } },
  },
  '/history': {
    get: {
      tags: ['History'],
      operationId: 'listHistory',
      summary: 'Your reading history or Marked for later list',
      description: 'Recorded on each chapter you view while `history_enabled` (PATCH /me) is on. `later=true` lists Marked for later instead.',
      security: SIGNED_IN_READ,
      parameters: [{ name: 'later', in: 'query', required: false, schema: { type: 'boolean' } }, PAGE],
      responses: { 200: returns('Works, most recent first.', 'ReadingList'), ...err(401) },
    },
    delete: { tags: ['History'], operationId: 'clearHistory', summary: 'Clear your reading history', description: 'Marked for later stays.', security: SIGNED_IN_WRITE, responses: { 204: NO_CONTENT, ...err(401, 403) } },
  },
  '/works/{id}/later': {
    parameters: [param('WorkId')],
    post: { tags: ['History'], operationId: 'markForLater', summary: 'Mark a work for later', security: SIGNED_IN_WRITE, responses: { 200: returns('Marked.', 'LaterResult'), ...err(401, 403, 404, 410) } },
    delete: { tags: ['History'], operationId: 'unmarkForLater', summary: 'Take a work off Marked for later', security: SIGNED_IN_WRITE, responses: { 200: returns('Unmarked.', 'LaterResult'), ...err(401, 403, 404, 410) } },
  },
};
