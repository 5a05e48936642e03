// The OpenAPI description of downloads; openapi.ts merges these into the document. The files are served at the
// site root (the same URLs as the download links on the pages), so each path overrides the /api/v1 server.

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string): Json => ({ $ref: `#/components/responses/${name}` });
const param = (name: string): Json => ({ $ref: `#/components/parameters/${name}` });
const OPTIONAL_AUTH = [{}, { bearerAuth: [] }, { cookieAuth: [] }];
const TAG = ['Downloads'];
const SITE_ROOT = [{ url: '/', description: 'The site root (relative to where this document is served): downloads are not under /api/v1.' }];

const viewAdult: Json = {
  name: 'view_adult',
  in: 'query',
  required: false,
  description: '`true` agrees to the adult-content notice for a Mature, Explicit or Not Rated work (a cookie remembers it). Not needed by a work’s authors or by accounts whose settings allow adult content.',
  schema: { type: 'string', enum: ['true'] },
};
const ifNoneMatch: Json = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description: 'The ETag of a copy you hold: 304 when it is still current.',
  schema: { type: 'string' },
};
const ifModifiedSince: Json = {
  name: 'If-Modified-Since',
  in: 'header',
  required: false,
  description: 'The Last-Modified of a copy you hold: 304 when this version is no newer. Ignored when If-None-Match is sent.',
  schema: { type: 'string' },
};

const file = (mediaType: string, description: string): Json => ({
  description,
  headers: {
    ETag: { description: 'Changes whenever anything the file shows changes (weak, `W/`, when the file is sent compressed).', schema: { type: 'string' } },
    'Last-Modified': { description: 'When this version of the file was first built.', schema: { type: 'string' } },
    'Content-Disposition': { description: 'attachment, with an ASCII `filename` and the title in `filename*` (RFC 5987).', schema: { type: 'string' } },
  },
  content: { [mediaType]: { schema: { type: 'string', contentMediaType: mediaType } } },
});

const gated: Json = {
  description:
    'The work (for a series: one of its parts) is behind the adult-content notice and the reader has not agreed: a bearer-token client gets 403 `adult_content` (as JSON when it sends `Accept: application/json`, as these file URLs are outside /api/v1); a browser gets the notice page instead (200), with a link that adds `view_adult=true`.',
  content: { 'application/json': { schema: ref('Error'), examples: { adult_content: { value: { error: { code: 'adult_content', message: 'This work is behind the adult-content notice. Add view_adult=true to agree, or turn on adult content in your settings.' } } } } } },
};

const notModified: Json = { description: 'Not modified: the copy named by If-None-Match (or dated by If-Modified-Since) is current.' };

export const downloadTags: Json[] = [
  {
    name: 'Downloads',
    description:
      'EPUB 3 and single-file HTML downloads of works, and an EPUB of a whole series. Built on demand, cached until the work changes, with ETags and Last-Modified dates. Drafts only for their authors; deleted works and series answer 410.',
  },
];

export const downloadPaths: Json = {
  '/works/{id}/download.epub': {
    servers: SITE_ROOT,
    parameters: [param('WorkId')],
    get: {
      tags: TAG,
      operationId: 'downloadWorkEpub',
      summary: 'Download a work as EPUB 3',
      description: 'A title page with the metadata block, one document per posted chapter with its notes, a navigation document and an EPUB 2 NCX. Series membership is in `belongs-to-collection` and `calibre:series` metadata.',
      security: OPTIONAL_AUTH,
      parameters: [viewAdult, ifNoneMatch, ifModifiedSince],
      responses: { 200: file('application/epub+zip', 'The EPUB file.'), 304: notModified, 403: gated, 404: response('NotFound'), 410: response('Gone') },
    },
  },
  '/works/{id}/download.html': {
    servers: SITE_ROOT,
    parameters: [param('WorkId')],
    get: {
      tags: TAG,
      operationId: 'downloadWorkHtml',
      summary: 'Download a work as one HTML file',
      description: 'One self-contained HTML file (inline stylesheet, no scripts or outside resources), readable offline.',
      security: OPTIONAL_AUTH,
      parameters: [viewAdult, ifNoneMatch, ifModifiedSince],
      responses: { 200: file('text/html', 'The HTML file.'), 304: notModified, 403: gated, 404: response('NotFound'), 410: response('Gone') },
    },
  },
  '/series/{id}/download.epub': {
    servers: SITE_ROOT,
    parameters: [param('SeriesId')],
    get: {
      tags: TAG,
      operationId: 'downloadSeriesEpub',
      summary: 'Download a series as one EPUB',
      description: 'The series’ posted parts in reading order, each with its title page and chapters; parts by authors you muted are left out.',
      security: OPTIONAL_AUTH,
      parameters: [viewAdult, ifNoneMatch, ifModifiedSince],
      responses: { 200: file('application/epub+zip', 'The EPUB file.'), 304: notModified, 403: gated, 404: response('NotFound'), 410: response('Gone') },
    },
  },
};
