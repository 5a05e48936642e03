import { MAX_IMPORT_CHAPTERS, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES } from './import-limits.js';

// The import endpoint's part of the OpenAPI document (src/api/openapi.ts spreads it in).

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const RESPONSES: Record<number, string> = { 400: 'MalformedJson', 401: 'Unauthorized', 403: 'Forbidden', 413: 'PayloadTooLarge', 415: 'UnsupportedMediaType' };
const errors = (...statuses: number[]): Json => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${RESPONSES[s]}` }]));
const SIGNED_IN_WRITE = [{ bearerAuth: [] }, { cookieAuth: [], csrfToken: [] }];

const DESCRIPTION = `Reads one file and creates a **draft** work from it (only you can see it), with its chapters, exactly as
\`POST /works\` would: bodies are rendered, sanitized and counted the same way. Review it and post it with
\`PATCH /works/{id}\` \`{"draft": false}\`.

- **EPUB** (2 or 3): chapters in spine order, titled by their first h1/h2 (else \`<title>\`); \`dc:title\`, \`dc:description\`
  (summary), \`dc:subject\` (additional tags), \`dc:language\`, series from \`belongs-to-collection\` or \`calibre:series\`. The
  title page of a Chapterhouse download adds rating, warnings, fandoms, relationships and characters.
- **HTML** (.html, .htm, .xhtml): split into chapters at \`<h2>\` when there are two or more; \`<title>\` is the work title.
- **Markdown** (.md): chapters at \`# \` headings; optional front matter (\`title\`, \`summary\`, \`tags\`, \`fandoms\`,
  \`relationships\`, \`characters\`, \`rating\`, \`warnings\`, \`language\`, \`series\`, \`notes\`).
- **Plain text** (.txt): one chapter.
- **Zip** of .md/.html/.htm/.txt files: one chapter each, in natural name order; \`work.json\` or the first Markdown
  file's front matter gives the metadata.

What the file does not carry is filled in for review: rating \`Not Rated\`, warning \`Creator Chose Not To Use Archive
Warnings\`, fandom \`No Fandom\`. A series the caller already has (same title) is joined, else a new one is started.

Refused with 422 \`import_refused\` (nothing is written): a file whose content does not match its name, damaged or
encrypted archives, more than ${MAX_ZIP_ENTRIES.toLocaleString('en')} entries or more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB unpacked (counted while
inflating), absolute or \`..\` names, duplicate names, XML entity declarations, text that is not UTF-8 (or UTF-16 with a
byte-order mark), empty files, more than ${MAX_IMPORT_CHAPTERS} chapters, or a chapter over 510,000 characters. Scripts
and styles in HTML are removed as on posting; the import still succeeds.`;

export const importPaths: Json = {
  '/imports': {
    post: {
      tags: ['Works'],
      operationId: 'importWork',
      summary: 'Import a work from a file, as a draft',
      description: DESCRIPTION,
      security: SIGNED_IN_WRITE,
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: { file: { type: 'string', format: 'binary', description: 'An .epub, .zip, .html, .htm, .xhtml, .md, .markdown or .txt file (the extension decides how it is read).' } },
            },
          },
        },
      },
      responses: {
        201: { description: 'The new draft work.', content: { 'application/json': { schema: ref('Work') } } },
        ...errors(400, 401, 403, 413, 415),
        422: {
          description: 'The file was refused (`import_refused`, with the reason in `message` and `fields.file`), or no file was sent (`validation_failed`).',
          content: {
            'application/json': {
              schema: ref('Error'),
              examples: {
                import_refused: { value: { error: { code: 'import_refused', message: 'The zip file unpacks to more than 50 MB, more than an import may hold.', fields: { file: 'The zip file unpacks to more than 50 MB, more than an import may hold.' } } } },
                validation_failed: { value: { error: { code: 'validation_failed', message: 'Some fields need attention.', fields: { file: 'Attach the file to import in the field "file".' } } } },
              },
            },
          },
        },
      },
    },
  },
};
