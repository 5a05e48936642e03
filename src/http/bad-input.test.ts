import { describe, expect, it } from 'vitest';
import { fieldError, forEachDatabase, pageText, postWork, postWorkForm, unique, workFormFields, workInput, type ApiErrorJson, type TestContext, type WorkJson } from '../../test/helpers.js';

// Issue 2, section 7: malformed, mistyped, oversized and empty requests, on the API and on the pages.
// Credentials (CSRF, 401, tokens) and ownership are in auth-input.test.ts; script payloads in hostile-text.test.ts.

async function errorOf(response: Response): Promise<ApiErrorJson['error']> {
  return ((await response.json()) as ApiErrorJson).error;
}

describe('bad input', () => {
  forEachDatabase((t: () => TestContext) => {
    async function total(): Promise<number> {
      return ((await (await t().api('GET', '/api/v1/works?limit=1')).json()) as { total: number }).total;
    }

    it('answers a NUL character in an address with 400 in the path, and never a 500 in the query', async () => {
      for (const path of ['/tags/a%00b/works', '/users/a%00b', '/api/v1/users/a%00b', '/series/1%00']) {
        expect((await t().app.request(path)).status, path).toBe(400);
      }
      for (const path of ['/search?q=a%00b', '/api/v1/search?q=x%00', '/works?tags=a%00', '/works?exclude_tags=%00', '/api/v1/works?language=%00', '/tags/x/works?page=%00']) {
        expect((await t().app.request(path)).status, path).toBeLessThan(500);
      }
    });

    describe('malformed JSON', () => {
      it.each(['{"title": "x"', "{'title': 'x'}", '{"title": "x",}', 'title=x', '\u0000', '{"a":1}{"b":2}'])('answers 400 malformed_json to %j', async (body) => {
        const { token } = await t().apiUser();
        const before = await total();
        const response = await t().api('POST', '/api/v1/works', { token, body, headers: { 'content-type': 'application/json' } });
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect((await errorOf(response)).code).toBe('malformed_json');
        expect(await total()).toBe(before);
      });

      it('answers 400 on every JSON endpoint, with or without credentials', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token);
        const body = '{"broken":';
        const headers = { 'content-type': 'application/json; charset=utf-8' };
        for (const [method, path, auth] of [
          ['POST', '/api/v1/accounts', undefined],
          ['POST', '/api/v1/tokens', undefined],
          ['PATCH', `/api/v1/works/${work.id}`, token],
          ['POST', `/api/v1/works/${work.id}/chapters`, token],
          ['PATCH', `/api/v1/works/${work.id}/chapters/1`, token],
          ['POST', `/api/v1/works/${work.id}/chapters/order`, token],
          ['POST', '/api/v1/series', token],
          ['PATCH', '/api/v1/me', token],
        ] as const) {
          const response = await t().api(method, path, { body, headers, ...(auth ? { token: auth } : {}) });
          expect(response.status, `${method} ${path}`).toBe(400);
          expect((await errorOf(response)).code).toBe('malformed_json');
        }
      });

      it('answers 400 with a page to a malformed multipart form', async () => {
        const browser = t().browser();
        await t().signUp(browser);
        const response = await browser.request('/works', {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=----xyz', 'x-csrf-token': browser.csrfToken() },
          body: '------xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nunterminated',
        });
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        expect(pageText(await response.text())).toContain('The form data could not be read.');
      });

      it('answers 422, not 400, to valid JSON of the wrong shape', async () => {
        const { token } = await t().apiUser();
        for (const body of ['null', '[]', '"a string"', '42', '{"title": 7, "chapters": "many"}']) {
          const response = await t().api('POST', '/api/v1/works', { token, body, headers: { 'content-type': 'application/json' } });
          expect(response.status, body).toBe(422);
          expect((await errorOf(response)).code).toBe('validation_failed');
        }
      });
    });

    describe('wrong content type', () => {
      it.each([
        ['text/plain', JSON.stringify(workInput())],
        ['application/x-www-form-urlencoded', 'title=Hello&rating=Explicit'],
        ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nHi\r\n--x--\r\n'],
        ['application/xml', '<work><title>x</title></work>'],
      ])('answers 415 to an API body sent as %s', async (type, body) => {
        const { token } = await t().apiUser();
        const before = await total();
        const response = await t().api('POST', '/api/v1/works', { token, body, headers: { 'content-type': type } });
        expect(response.status).toBe(415);
        expect((await errorOf(response)).code).toBe('unsupported_media_type');
        expect(await total()).toBe(before);
      });

      it('answers 415 to a JSON body without a content type', async () => {
        const { token } = await t().apiUser();
        const response = await t().api('POST', '/api/v1/works', { token, body: JSON.stringify(workInput()) });
        expect(response.status).toBe(415);
      });

      it.each([
        ['text/plain', 'title=Hello'],
        ['application/json', JSON.stringify({ title: 'Hello' })],
      ])('answers 415 with a page to a form posted as %s', async (type, body) => {
        const browser = t().browser();
        await t().signUp(browser);
        const before = await total();
        const response = await browser.request('/works', { method: 'POST', headers: { 'content-type': type, 'x-csrf-token': browser.csrfToken() }, body });
        expect(response.status).toBe(415);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await total()).toBe(before);
      });
    });

    describe('requests without a body', () => {
      it('reads a POST with no body and no content type as {} (422 validation, not 400 or 415)', async () => {
        const { token } = await t().apiUser();
        const work = await postWork(t(), token);
        for (const path of ['/api/v1/works', '/api/v1/series', `/api/v1/works/${work.id}/chapters`, '/api/v1/accounts']) {
          const response = await t().api('POST', path, { token });
          expect(response.status, path).toBe(422);
          const error = await errorOf(response);
          expect(error.code).toBe('validation_failed');
          expect(Object.keys(error.fields ?? {}).length).toBeGreaterThan(0);
        }
        const works = await errorOf(await t().api('POST', '/api/v1/works', { token }));
        expect(Object.keys(works.fields ?? {})).toEqual(expect.arrayContaining(['title', 'rating', 'warnings', 'fandoms', 'chapters']));
        // An empty PATCH changes nothing.
        const patched = await t().api('PATCH', `/api/v1/works/${work.id}`, { token });
        expect(patched.status).toBe(200);
        expect(((await patched.json()) as WorkJson).title).toBe(work.title);
      });

      it('reads an empty JSON body as {} too', async () => {
        const { token } = await t().apiUser();
        const response = await t().api('POST', '/api/v1/works', { token, body: '  ', headers: { 'content-type': 'application/json' } });
        expect(response.status).toBe(422);
      });
    });

    describe('missing and oversized fields on the new-work page', () => {
      it('re-renders the form with 422, the text kept and the error beside the field', async () => {
        const browser = t().browser();
        await t().signUp(browser);
        const before = await total();
        const summary = 'Kept <summary> & "quoted" text.';
        const response = await browser.post('/works', workFormFields({ title: '', summary, body: 'A body that must survive.' }));
        expect(response.status).toBe(422);
        const html = await response.text();
        expect(fieldError(html, 'title')).toBe('Give your work a title.');
        expect(html).toContain('Kept &lt;summary&gt; &amp; &quot;quoted&quot; text.</textarea>');
        expect(html).toContain('A body that must survive.</textarea>');
        expect(html).toMatch(/value="Original Work"/);
        expect(await total()).toBe(before);
      });

      it.each([
        ['an oversized title', { title: 'x'.repeat(256) }, 'title', 'Titles are at most 255 characters.'],
        ['an oversized summary', { summary: 's'.repeat(1251) }, 'summary', 'Summaries are at most 1,250 characters.'],
        ['an unknown rating', { rating: 'PG-13' }, 'rating', 'Choose a rating: General Audiences, Teen And Up Audiences, Mature, Explicit, Not Rated.'],
        ['no warning', { warnings: [] }, 'warnings', 'Choose at least one archive warning.'],
        ['an unknown warning', { warnings: ['Spiders'] }, 'warnings', 'Choose archive warnings from the list.'],
        ['no fandom', { fandoms: ' , ' }, 'fandoms', 'Add at least one fandom.'],
        ['an empty body', { body: '   ' }, 'body', 'Write the chapter text.'],
        ['a body over 510,000 characters', { body: 'x'.repeat(510_001) }, 'body', 'A chapter is at most 510,000 characters.'],
      ] as const)('answers 422 for %s', async (_, overrides, field, message) => {
        const browser = t().browser();
        await t().signUp(browser);
        const before = await total();
        const response = await browser.post('/works', workFormFields(overrides as Record<string, string | string[]>));
        expect(response.status).toBe(422);
        const html = await response.text();
        expect(fieldError(html, field)).toBe(message);
        expect(await total()).toBe(before);
      });

      it('re-renders the chapter forms with 422, the text kept and the error beside the field', async () => {
        const browser = t().browser();
        await t().signUp(browser);
        const id = await postWorkForm(browser);
        const added = await browser.post(`/works/${id}/chapters`, { title: 'Kept chapter title', body: '  ', body_format: 'html', action: 'post' });
        expect(added.status).toBe(422);
        const addedHtml = await added.text();
        expect(fieldError(addedHtml, 'body')).toBe('Write the chapter text.');
        expect(addedHtml).toContain('value="Kept chapter title"');
        const edited = await browser.post(`/works/${id}/chapters/1/edit`, { title: 't'.repeat(256), body: 'Kept body text.', body_format: 'html' });
        expect(edited.status).toBe(422);
        const editedHtml = await edited.text();
        expect(fieldError(editedHtml, 'title')).toBe('Chapter titles are at most 255 characters.');
        expect(editedHtml).toContain('Kept body text.</textarea>');
        const chapters = (await (await t().api('GET', `/api/v1/works/${id}/chapters`)).json()) as { total: number; items: { title: string }[] };
        expect(chapters.total).toBe(1);
        expect(chapters.items[0]!.title).toBe('');
      });

      it('re-renders the edit form with 422 and leaves the work unchanged', async () => {
        const browser = t().browser();
        await t().signUp(browser);
        const id = await postWorkForm(browser, { title: 'Unchanged' });
        const response = await browser.post(`/works/${id}/edit`, workFormFields({ title: 'y'.repeat(300), rating: 'Explicit' }));
        expect(response.status).toBe(422);
        const html = await response.text();
        expect(fieldError(html, 'title')).toBe('Titles are at most 255 characters.');
        expect(html).toContain(`value="${'y'.repeat(300)}"`);
        expect(await (await t().api('GET', `/api/v1/works/${id}`)).json()).toMatchObject({ title: 'Unchanged', rating: 'General Audiences' });
      });
    });

    describe('missing works', () => {
      it('answers 404 on the API and on the pages', async () => {
        const { token } = await t().apiUser();
        const browser = t().browser();
        await t().signUp(browser);
        const missing = 987_654;
        const work = await postWork(t(), token);
        for (const [method, path] of [
          ['GET', `/api/v1/works/${missing}`],
          ['PATCH', `/api/v1/works/${missing}`],
          ['DELETE', `/api/v1/works/${missing}`],
          ['GET', `/api/v1/works/${missing}/chapters`],
          ['POST', `/api/v1/works/${missing}/chapters`],
          ['PATCH', `/api/v1/works/${missing}/chapters/1`],
          ['DELETE', `/api/v1/works/${missing}/chapters/1`],
          ['POST', `/api/v1/works/${missing}/chapters/order`],
          ['GET', '/api/v1/series/987654'],
          ['PATCH', '/api/v1/series/987654'],
          ['GET', '/api/v1/nothing-here'],
        ] as const) {
          const json = method === 'POST' && path.endsWith('/chapters') ? { body: 'Text.' } : method === 'POST' ? { order: [1] } : method === 'PATCH' ? { title: 'x' } : undefined;
          const response = await t().api(method, path, { token, ...(json ? { json } : {}) });
          expect(response.status, `${method} ${path}`).toBe(404);
          expect((await errorOf(response)).code).toBe('not_found');
        }
        for (const path of [`/works/${missing}`, `/works/${missing}/chapters/1`, `/works/${missing}/edit`, `/works/${missing}/delete`, `/works/${work.id}/chapters/999`, '/series/987654']) {
          const response = await browser.get(path);
          expect(response.status, path).toBe(404);
          expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        }
        for (const path of [`/works/${missing}/edit`, `/works/${missing}/delete`, `/works/${missing}/chapters`, `/works/${missing}/chapters/1/delete`]) {
          const response = await browser.post(path, workFormFields());
          expect(response.status, path).toBe(404);
        }
      });
    });
  });

  forEachDatabase(
    (t: () => TestContext) => {
      describe('a body larger than the limit', () => {
        it('answers 413 on the API and leaves nothing behind', async () => {
          const { token } = await t().apiUser();
          const small = await t().api('POST', '/api/v1/works', { token, json: workInput({ chapters: [{ body: 'Short.' }] }) });
          expect(small.status).toBe(201);
          const response = await t().api('POST', '/api/v1/works', { token, json: workInput({ chapters: [{ body: 'x'.repeat(2000) }] }) });
          expect(response.status).toBe(413);
          expect((await errorOf(response)).code).toBe('payload_too_large');
          const list = (await (await t().api('GET', '/api/v1/works')).json()) as { total: number };
          expect(list.total).toBe(1);
        });

        it('answers 413 to a streamed body without a Content-Length', async () => {
          const { token } = await t().apiUser();
          const bytes = new TextEncoder().encode(JSON.stringify(workInput({ chapters: [{ body: 'y'.repeat(5000) }] })));
          const stream = new ReadableStream<Uint8Array>({
            start(controller) {
              for (let i = 0; i < bytes.length; i += 512) controller.enqueue(bytes.slice(i, i + 512));
              controller.close();
            },
          });
          const response = await t().app.request('/api/v1/works', {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: stream,
            duplex: 'half',
          } as RequestInit);
          expect(response.status).toBe(413);
        });

        it('answers 413 with a page to an oversized form', async () => {
          const browser = t().browser();
          await browser.get('/signup');
          const response = await browser.post('/signup', { username: unique(), email: 'a@example.org', password: 'p'.repeat(2000) });
          expect(response.status).toBe(413);
          expect(response.headers.get('content-type')).toMatch(/^text\/html/);
          expect(pageText(await response.text())).toContain('The request is larger than this archive accepts.');
        });
      });
    },
    { maxBodyBytes: 1000 },
  );
});
