import { describe, expect, it } from 'vitest';
import { forEachDatabase, type TestContext } from '../../test/helpers.js';
import { apiImport, buildEpub, sentences } from './import-test-files.js';

// POST /api/v1/imports: authentication, content types, CSRF with the session cookie, and the works presenter.

interface ErrorJson {
  error: { code: string; message: string; fields?: Record<string, string> };
}

describe('POST /api/v1/imports', () => {
  forEachDatabase((t: () => TestContext) => {
    const epub = () => buildEpub({ title: 'Salt Roads', description: 'Two roads.', chapters: [{ title: 'East', paragraphs: sentences(2) }, { title: 'West', paragraphs: sentences(3) }] });

    it('answers 201 with the draft in the works API shape', async () => {
      const { user, token } = await t().apiUser();
      const response = await apiImport(t(), token, 'salt-roads.epub', epub());
      expect(response.status).toBe(201);
      const work = (await response.json()) as Record<string, unknown>;
      const fetched = await t().api('GET', `/api/v1/works/${work.id as number}`, { token });
      expect(work).toEqual(await fetched.json());
      expect(work).toMatchObject({ title: 'Salt Roads', summary: 'Two roads.', draft: true, chapter_count: 2, authors: [user.username], published_at: null });
      // A draft is the author's alone until posted.
      expect((await t().api('GET', `/api/v1/works/${work.id as number}`)).status).toBe(404);
      const posted = await t().api('PATCH', `/api/v1/works/${work.id as number}`, { token, json: { draft: false } });
      expect(await posted.json()).toMatchObject({ draft: false, chapter_count: 2 });
    });

    it('answers 401 without credentials and 415 for a JSON body', async () => {
      const anonymous = await apiImport(t(), undefined, 'salt-roads.epub', epub());
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as ErrorJson).error.code).toBe('unauthorized');
      const { token } = await t().apiUser();
      const json = await t().api('POST', '/api/v1/imports', { token, json: { file: 'salt-roads.epub' } });
      expect(json.status).toBe(415);
      expect(((await json.json()) as ErrorJson).error.code).toBe('unsupported_media_type');
    });

    it('answers 422 when no file is attached', async () => {
      const { token } = await t().apiUser();
      const form = new FormData();
      form.append('other', 'value');
      const response = await t().app.request('/api/v1/imports', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({ error: { code: 'validation_failed', message: 'Some fields need attention.', fields: { file: 'Attach the file to import in the field "file".' } } });
    });

    it('needs the CSRF token when the session cookie authenticates', async () => {
      const browser = t().browser();
      await t().signUp(browser);
      const form = () => {
        const data = new FormData();
        data.append('file', new File([epub() as BlobPart], 'salt-roads.epub'));
        return data;
      };
      expect((await browser.request('/api/v1/imports', { method: 'POST', body: form() })).status).toBe(403);
      const response = await browser.request('/api/v1/imports', { method: 'POST', body: form(), headers: { 'x-csrf-token': browser.csrfToken() } });
      expect(response.status).toBe(201);
    });
  });
});
