import { describe, expect, it } from 'vitest';
import { fieldError, forEachDatabase, postWork, postWorkForm, TEST_PASSWORD, unique, type ApiErrorJson, type ChapterJson, type SeriesJson, type TestContext, type WorkJson } from '../../test/helpers.js';

// Script and event-handler payloads in every text field: plain-text fields are stored as written and escaped on
// every page; chapter bodies are stored sanitized. (Issue 2, sections 4, 6 and 7.)

/** A payload that breaks out of text, of a double- or single-quoted attribute, and carries a handler, marked with `name`. */
function payload(name: string): string {
  return `"><script>pwn_${name}()</script><img src=x onerror=pwn_${name}()>' onmouseover='pwn_${name}()`;
}

/** How hono/jsx escapes text and attribute values. */
function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The names of every attribute of every element in a page (escaped text never holds a raw `<`). */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.matchAll(/<[a-zA-Z][\w-]*((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g)) {
    for (const attribute of tag[1]!.matchAll(/\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)) names.push(attribute[1]!.toLowerCase());
  }
  return names;
}

/** Fails when any piece of the payload appears as live markup; passes when it appears only escaped. */
function expectInert(html: string, name: string): void {
  expect(html, name).not.toContain(`<script>pwn_${name}`);
  expect(html, name).not.toContain(`<img src=x onerror=pwn_${name}`);
  // No element anywhere carries an event handler: the site has none of its own, so any would be injected.
  expect(attributeNames(html).filter((a) => a.startsWith('on')), name).toEqual([]);
}

/** The page without the site's own script tag, so the rest can be searched for any script at all. */
function withoutSiteScript(html: string): string {
  return html.replace(/<script\b[^>]*\bsrc="\/assets\/[^"]+"[^>]*><\/script>/g, '');
}

const PLAIN_FIELDS = ['title', 'summary', 'notes', 'end_notes'] as const;
const TAG_FIELDS = ['fandoms', 'relationships', 'characters', 'freeforms'] as const;
const CHAPTER_FIELDS = ['title', 'summary', 'notes', 'end_notes'] as const;

describe('script payloads in text fields', () => {
  forEachDatabase((t: () => TestContext) => {
    async function page(path: string, token?: string): Promise<string> {
      const response = await t().app.request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      expect(response.status, path).toBe(200);
      return response.text();
    }

    it('stores plain-text work, tag and chapter fields as written and renders them escaped', async () => {
      const { token } = await t().apiUser();
      const seriesTitle = payload('series');
      const work = await postWork(t(), token, {
        ...Object.fromEntries(PLAIN_FIELDS.map((f) => [f, payload(f)])),
        ...Object.fromEntries(TAG_FIELDS.map((f) => [f, [payload(f)]])),
        series: { title: seriesTitle },
        chapters: [{ ...Object.fromEntries(CHAPTER_FIELDS.map((f) => [f, payload(`chapter_${f}`)])), body: '<p>Plain body.</p>' }],
      });
      // Stored exactly as written.
      for (const f of PLAIN_FIELDS) expect(work[f]).toBe(payload(f));
      for (const f of TAG_FIELDS) expect(work[f]).toEqual([payload(f)]);
      expect(work.series[0]!.title).toBe(seriesTitle);
      const chapter = (await (await t().api('GET', `/api/v1/works/${work.id}/chapters/1`)).json()) as ChapterJson;
      for (const f of CHAPTER_FIELDS) expect(chapter[f]).toBe(payload(`chapter_${f}`));

      const names = [...PLAIN_FIELDS, ...TAG_FIELDS, ...CHAPTER_FIELDS.map((f) => `chapter_${f}`), 'series'];
      const workPage = await page(`/works/${work.id}`);
      for (const name of names) {
        expectInert(workPage, name);
        expect(workPage, name).toContain(escaped(payload(name)));
      }
      expect(withoutSiteScript(workPage)).not.toMatch(/<script/i);
      // The same text in the listings, the full-work view, the series page and the author's edit form.
      for (const path of ['/works', '/', `/works/${work.id}?view_full_work=true`, `/series/${work.series[0]!.id}`, `/users/${work.authors[0]}`]) {
        const html = await page(path);
        for (const name of names) expectInert(html, name);
        expect(html, path).toContain(escaped(payload('title')));
        expect(withoutSiteScript(html), path).not.toMatch(/<script/i);
      }
      const editPage = await page(`/works/${work.id}/edit`, token);
      for (const name of [...PLAIN_FIELDS, ...TAG_FIELDS]) {
        expectInert(editPage, name);
        expect(editPage, name).toContain(escaped(payload(name)));
      }
      expect(withoutSiteScript(editPage)).not.toMatch(/<script/i);
    });

    it('stores script-laden bodies sanitized and serves them inert', async () => {
      const { token } = await t().apiUser();
      const body = [
        '<p>Before<script>pwn_body()</script> after.</p>',
        '<p><img src="x" onerror="pwn_img()"> <a href="javascript:pwn_link()" onclick="pwn_click()">click</a></p>',
        '<p><a href="https://example.org/story">a real link</a> <a href="data:text/html,<script>pwn()</script>">data</a></p>',
        '<iframe src="https://evil.example"></iframe><style>body { display: none }</style>',
        '<p style="position:fixed;inset:0" onmouseover="pwn_hover()">styled</p>',
        '<svg onload="pwn_svg()"><circle /></svg><h1>Heading</h1>',
      ].join('\n');
      for (const format of ['html', 'markdown'] as const) {
        const work = await postWork(t(), token, { title: `Hostile ${format}`, chapters: [{ body, format }] });
        const chapter = (await (await t().api('GET', `/api/v1/works/${work.id}/chapters/1`)).json()) as ChapterJson;
        const stored = chapter.body_html;
        expect(stored, format).not.toMatch(/<script|<iframe|<style|<svg|<img/i);
        expect(stored, format).not.toMatch(/\son\w+\s*=/i);
        expect(stored, format).not.toMatch(/javascript:|data:/i);
        expect(stored, format).not.toMatch(/style=/i);
        expect(stored, format).toContain('<a href="https://example.org/story" rel="nofollow ugc noopener">a real link</a>');
        for (const link of stored.match(/<a\b[^>]*>/g) ?? []) expect(link, format).toContain('rel="nofollow ugc noopener"');
        expect(stored, format).toContain('<h2>Heading</h2>');
        expect(stored, format).toContain('Before after.');
        const html = withoutSiteScript(await page(`/works/${work.id}`));
        expect(html, format).toContain(stored);
        expect(html, format).not.toMatch(/<script|onerror=|onclick=|onmouseover=|onload=|javascript:/i);
      }
    });

    it('refuses script payloads in usernames, on the API and on the sign-up page', async () => {
      const username = '<script>pwn_username()</script>';
      const response = await t().api('POST', '/api/v1/accounts', { json: { username, email: 'x@example.org', password: TEST_PASSWORD } });
      expect(response.status).toBe(422);
      expect(((await response.json()) as ApiErrorJson).error.fields).toHaveProperty('username');
      const browser = t().browser();
      await browser.get('/signup');
      const signup = await browser.post('/signup', { username, email: 'x@example.org', password: TEST_PASSWORD });
      expect(signup.status).toBe(422);
      const html = await signup.text();
      expect(fieldError(html, 'username')).toBe('Use only letters, digits, _ and -.');
      expectInert(html, 'username');
      expect(html).toContain(`value="${escaped(username)}"`);
    });

    it('stores display names and bios as written and renders them escaped on the author page', async () => {
      const { user, token } = await t().apiUser();
      const response = await t().api('PATCH', '/api/v1/me', { token, json: { display_name: payload('display'), bio: payload('bio') } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ display_name: payload('display'), bio: payload('bio') });
      await postWork(t(), token);
      const html = await page(`/users/${user.username}`);
      for (const name of ['display', 'bio']) {
        expectInert(html, name);
        expect(html, name).toContain(escaped(payload(name)));
      }
      expect(withoutSiteScript(html)).not.toMatch(/<script/i);
      const settings = t().browser();
      await t().signUp(settings);
      expect((await settings.post('/settings/profile', { display_name: payload('fd'), bio: payload('fb') })).status).toBe(303);
      const settingsPage = await (await settings.get('/settings')).text();
      for (const name of ['fd', 'fb']) {
        expectInert(settingsPage, name);
        expect(settingsPage, name).toContain(escaped(payload(name)));
      }
    });

    it('keeps payloads posted through the new-work form as written, and inert', async () => {
      const browser = t().browser();
      await t().signUp(browser);
      const id = await postWorkForm(browser, {
        title: payload('form_title'),
        summary: payload('form_summary'),
        freeforms: payload('form_tag'),
        chapter_title: payload('form_chapter'),
        body: '<p>Body<script>pwn_form_body()</script></p>',
      });
      const work = (await (await t().api('GET', `/api/v1/works/${id}`)).json()) as WorkJson;
      expect(work).toMatchObject({ title: payload('form_title'), summary: payload('form_summary'), freeforms: [payload('form_tag')] });
      const html = await (await browser.get(`/works/${id}`)).text();
      for (const name of ['form_title', 'form_summary', 'form_tag', 'form_chapter']) {
        expectInert(html, name);
        expect(html, name).toContain(escaped(payload(name)));
      }
      expect(withoutSiteScript(html)).not.toMatch(/<script/i);
    });

    it('escapes series fields on the series page and in its JSON', async () => {
      const { token } = await t().apiUser();
      const created = await t().api('POST', '/api/v1/series', { token, json: { title: payload('s_title'), summary: payload('s_summary'), notes: payload('s_notes') } });
      expect(created.status).toBe(201);
      const series = (await created.json()) as SeriesJson;
      expect(series).toMatchObject({ title: payload('s_title'), summary: payload('s_summary'), notes: payload('s_notes') });
      await postWork(t(), token, { title: unique('Part '), series: { id: series.id } });
      const html = await page(`/series/${series.id}`);
      for (const name of ['s_title', 's_summary', 's_notes']) {
        expectInert(html, name);
        expect(html, name).toContain(escaped(payload(name)));
      }
      expect(withoutSiteScript(html)).not.toMatch(/<script/i);
    });
  });
});
