import { expect, it } from 'vitest';
import { fieldError, forEachDatabase, pageText, postWork, TEST_PASSWORD, unique, type ApiErrorJson, type TestBrowser, type TestContext } from '../../test/helpers.js';
import type { SiteSettings } from './site-settings.js';

// Site settings: the admin form and its API twin, the audit entry, and each setting taking effect on the next request.

async function admin(t: TestContext): Promise<{ token: string; browser: TestBrowser; username: string }> {
  const { user, token } = await t.apiUser({ admin: true });
  const browser = t.browser();
  await browser.get('/login');
  const login = await browser.post('/login', { login: user.username, password: TEST_PASSWORD });
  expect(login.status).toBe(303);
  return { token, browser, username: user.username };
}

async function patch(t: TestContext, token: string, changes: Partial<SiteSettings>): Promise<SiteSettings> {
  const response = await t.api('PATCH', '/api/v1/admin/settings', { token, json: changes });
  expect(response.status).toBe(200);
  return (await response.json()) as SiteSettings;
}

/** The settings form's fields for `settings`, with overrides. */
function formFields(settings: SiteSettings, overrides: Record<string, string | null> = {}): Record<string, string | null> {
  return {
    site_name: settings.site_name,
    site_description: settings.site_description,
    registration: settings.registration,
    invitations_per_account: String(settings.invitations_per_account),
    invitation_days: String(settings.invitation_days),
    require_staff_two_factor: settings.require_staff_two_factor ? '1' : null,
    guest_comments: settings.guest_comments ? '1' : null,
    default_comment_permission: settings.default_comment_permission,
    hold_first_link_comments: settings.hold_first_link_comments ? '1' : null,
    downloads_enabled: settings.downloads_enabled ? '1' : null,
    archive_warnings: settings.archive_warnings.join('\n'),
    ...overrides,
  };
}

forEachDatabase((getT) => {
  it('lets only administrators read and change the settings', async () => {
    const t = getT();
    // An administrator exists first, so the browser's sign-up below is not the archive's first (admin) account.
    const { token } = await admin(t);
    const reader = await t.apiUser();
    expect((await t.api('GET', '/api/v1/admin/settings')).status).toBe(401);
    expect((await t.api('GET', '/api/v1/admin/settings', { token: reader.token })).status).toBe(403);
    expect((await t.api('PATCH', '/api/v1/admin/settings', { token: reader.token, json: { site_name: 'Mine now' } })).status).toBe(403);
    const browser = t.browser();
    await t.signUp(browser);
    expect((await browser.get('/admin/settings')).status).toBe(403);
    expect((await browser.post('/admin/settings', { site_name: 'Mine now' })).status).toBe(403);
    const settings = (await (await t.api('GET', '/api/v1/admin/settings', { token })).json()) as SiteSettings;
    expect(settings.site_name).toBe('Chapterhouse');
  });

  it('saves the form, audits the changed keys, and shows the new name and description on the next page', async () => {
    const t = getT();
    const { browser, token } = await admin(t);
    const page = await browser.get('/admin/settings');
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const name of ['site_name', 'site_description', 'registration', 'guest_comments', 'downloads_enabled', 'archive_warnings', 'default_comment_permission', 'hold_first_link_comments', 'require_staff_two_factor', 'invitations_per_account', 'invitation_days']) {
      expect(html).toContain(`name="${name}"`);
    }
    const before = (await (await t.api('GET', '/api/v1/admin/settings', { token })).json()) as SiteSettings;
    const name = unique('Lantern Archive ').slice(0, 60);
    const saved = await browser.post('/admin/settings', formFields(before, { site_name: name, site_description: 'Stories for long nights.' }));
    expect(saved.status).toBe(303);
    const home = await (await browser.get('/')).text();
    expect(home).toContain(`<a class="brand" href="/">${name}</a>`);
    expect(pageText(home)).toContain('Stories for long nights.');
    expect(home).toContain(`<title>${name}</title>`);
    // A visitor sees it too, at once (no restart, no waiting for the cache).
    expect(await (await t.browser().get('/works')).text()).toContain(`· ${name}</title>`);

    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.update').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_state)).toEqual({ site_name: before.site_name, site_description: before.site_description });
    expect(JSON.parse(audit.after_state)).toEqual({ site_name: name, site_description: 'Stories for long nights.' });
    expect(audit.target_type).toBe('site_settings');

    // Saving again with nothing changed writes no audit entry.
    const count = async () => (await t.db.selectFrom('audit_log').select('id').where('action', '=', 'settings.update').execute()).length;
    const entries = await count();
    const again = await patch(t, token, { site_name: name });
    expect(again.site_name).toBe(name);
    expect(await count()).toBe(entries);
    await patch(t, token, { site_name: 'Chapterhouse', site_description: before.site_description });
  });

  it('re-renders an invalid form with the values kept and each error beside its field (422); the API names each field', async () => {
    const t = getT();
    const { browser, token } = await admin(t);
    await browser.get('/admin/settings');
    const before = (await (await t.api('GET', '/api/v1/admin/settings', { token })).json()) as SiteSettings;
    const response = await browser.post(
      '/admin/settings',
      formFields(before, { site_name: '   ', site_description: 'Kept <words>', invitation_days: 'soon', invitations_per_account: '500', archive_warnings: '\n  \n', registration: 'sometimes' }),
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(fieldError(html, 'site_name')).toMatch(/name of 1 to 80/);
    expect(fieldError(html, 'invitation_days')).toMatch(/1 to 365/);
    expect(fieldError(html, 'invitations_per_account')).toMatch(/0 to 100/);
    expect(fieldError(html, 'archive_warnings')).toMatch(/one per line/);
    expect(fieldError(html, 'registration')).toMatch(/open, invite-only or closed/);
    expect(html).toContain('Kept &lt;words&gt;</textarea>');
    expect(html).toContain('value="soon"');
    // Nothing was stored.
    expect(((await (await t.api('GET', '/api/v1/admin/settings', { token })).json()) as SiteSettings).site_description).toBe(before.site_description);

    const bad = await t.api('PATCH', '/api/v1/admin/settings', { token, json: { invitation_days: 0, colour: 'red', guest_comments: 'yes' } });
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as ApiErrorJson;
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields ?? {}).sort()).toEqual(expect.arrayContaining(['guest_comments', 'invitation_days']));
    expect(JSON.stringify(body.error.fields)).toContain('colour');
  });

  it('closed registration refuses sign-up on the page and the API at once (403 registration_closed)', async () => {
    const t = getT();
    const { token } = await admin(t);
    await patch(t, token, { registration: 'closed' });
    try {
      const browser = t.browser();
      expect((await browser.get('/signup')).status).toBe(403);
      const name = unique();
      expect((await browser.post('/signup', { username: name, email: `${name}@example.org`, password: TEST_PASSWORD })).status).toBe(403);
      const api = await t.api('POST', '/api/v1/accounts', { json: { username: name, email: `${name}@example.org`, password: TEST_PASSWORD } });
      expect(api.status).toBe(403);
      expect(((await api.json()) as ApiErrorJson).error.code).toBe('registration_closed');
      expect(await (await browser.get('/login')).text()).not.toContain('href="/signup"');
    } finally {
      await patch(t, token, { registration: 'open' });
    }
    const name = unique();
    expect((await t.api('POST', '/api/v1/accounts', { json: { username: name, email: `${name}@example.org`, password: TEST_PASSWORD } })).status).toBe(201);
  });

  it('guest comments off: no guest form anywhere and a clear 403, whatever the work allows', async () => {
    const t = getT();
    const { token } = await admin(t);
    const author = await t.apiUser();
    const work = await postWork(t, author.token, { comment_permissions: 'everyone' });
    const guestJson = { body: 'Hello from the road', guest_name: 'Wanderer', guest_email: 'wanderer@example.org' };
    await patch(t, token, { guest_comments: false });
    try {
      const guest = t.browser();
      const page = await (await guest.get(`/works/${work.id}`)).text();
      expect(page).not.toContain('name="guest_email"');
      expect(pageText(page)).toContain('guest comments are turned off');
      const posted = await guest.post(`/works/${work.id}/chapters/1/comments`, guestJson);
      expect(posted.status).toBe(403);
      expect(pageText(await posted.text())).toContain('Guest comments are turned off');
      const api = await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { json: guestJson });
      expect(api.status).toBe(403);
      expect(((await api.json()) as ApiErrorJson).error.code).toBe('guest_comments_off');
      // Signed-in readers still comment.
      const reader = await t.apiUser();
      expect((await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { token: reader.token, json: { body: 'Still here' } })).status).toBe(201);
    } finally {
      await patch(t, token, { guest_comments: true });
    }
    expect((await t.api('POST', `/api/v1/works/${work.id}/chapters/1/comments`, { json: guestJson })).status).toBe(201);
  });

  it('downloads off: links gone, downloads 403 downloads_off, OPDS without acquisition links', async () => {
    const t = getT();
    const { token } = await admin(t);
    const author = await t.apiUser();
    const work = await postWork(t, author.token, { series: { title: unique('Series ') } });
    const seriesId = (await t.db.selectFrom('series_works').select('series_id').where('work_id', '=', work.id).executeTakeFirstOrThrow()).series_id;
    expect((await t.api('GET', `/works/${work.id}/download.epub`)).status).toBe(200);
    await patch(t, token, { downloads_enabled: false });
    try {
      for (const path of [`/works/${work.id}/download.epub`, `/works/${work.id}/download.html`, `/series/${seriesId}/download.epub`]) {
        const response = await t.api('GET', path, { headers: { accept: 'application/json' } });
        expect(response.status).toBe(403);
        expect(((await response.json()) as ApiErrorJson).error.code).toBe('downloads_off');
      }
      const page = await (await t.browser().get(`/works/${work.id}`)).text();
      expect(page).not.toContain('download.epub');
      expect(await (await t.browser().get(`/series/${seriesId}`)).text()).not.toContain('download.epub');
      const opds = await (await t.api('GET', '/opds/recent')).text();
      expect(opds).toContain(`/works/${work.id}`);
      expect(opds).not.toContain('opds-spec.org/acquisition"');
    } finally {
      await patch(t, token, { downloads_enabled: true });
    }
    expect(await (await t.browser().get(`/works/${work.id}`)).text()).toContain(`/works/${work.id}/download.epub`);
    expect(await (await t.api('GET', '/opds/recent')).text()).toContain('http://opds-spec.org/acquisition');
  });

  it('the archive-warning list drives the work form and validation; works keep warnings dropped from the list', async () => {
    const t = getT();
    const { token } = await admin(t);
    const author = await t.apiUser();
    const old = await postWork(t, author.token, { warnings: ['Major Character Death'] });
    await patch(t, token, { archive_warnings: ['Creator Chose Not To Use Archive Warnings', 'No Archive Warnings Apply', 'Sea Monsters'] });
    try {
      const browser = t.browser();
      await t.signUp(browser);
      const form = await (await browser.get('/works/new')).text();
      expect(form).toContain('value="Sea Monsters"');
      expect(form).not.toContain('value="Major Character Death"');
      const posted = await t.api('POST', '/api/v1/works', { token: author.token, json: { ...workJson(), warnings: ['Sea Monsters'] } });
      expect(posted.status).toBe(201);
      const refused = await t.api('POST', '/api/v1/works', { token: author.token, json: { ...workJson(), title: '', warnings: ['Major Character Death'] } });
      expect(refused.status).toBe(422);
      const fields = ((await refused.json()) as ApiErrorJson).error.fields ?? {};
      expect(fields['warnings.0']).toMatch(/from the list/);
      expect(fields.title).toBeDefined();
      // The form path too: the error sits beside the warnings.
      const formRefused = await browser.post('/works', { ...formWork(), warnings: ['Graphic Depictions Of Violence'] });
      expect(formRefused.status).toBe(422);
      expect(fieldError(await formRefused.text(), 'warnings')).toMatch(/from the list/);
      // The old work keeps its warning, may be saved with it, and its edit form still offers it.
      expect((await t.api('PATCH', `/api/v1/works/${old.id}`, { token: author.token, json: { warnings: ['Major Character Death', 'Sea Monsters'] } })).status).toBe(200);
      expect((await t.api('PATCH', `/api/v1/works/${old.id}`, { token: author.token, json: { warnings: ['Rape/Non-Con'] } })).status).toBe(422);
      // Listing filters on a built-in warning keep working.
      const listing = await t.api('GET', `/api/v1/works?warnings=${encodeURIComponent('Major Character Death')}`);
      expect(listing.status).toBe(200);
      expect(((await listing.json()) as { items: { id: number }[] }).items.map((w) => w.id)).toContain(old.id);
      // ...and the archive's own warning can be filtered on, in the API and on the page (with its checkbox).
      const own = await t.api('GET', `/api/v1/works?warnings=${encodeURIComponent('Sea Monsters')}`);
      expect(own.status).toBe(200);
      const ownIds = ((await own.json()) as { items: { id: number }[] }).items.map((w) => w.id);
      expect(ownIds).toContain(((await posted.json()) as { id: number }).id);
      // (the old work was given Sea Monsters above, beside its dropped warning)
      expect(ownIds).toContain(old.id);
      const page = await browser.get(`/works?warnings=${encodeURIComponent('Sea Monsters')}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('value="Sea Monsters"');
    } finally {
      await patch(t, token, { archive_warnings: ['Creator Chose Not To Use Archive Warnings', 'No Archive Warnings Apply', 'Graphic Depictions Of Violence', 'Major Character Death', 'Rape/Non-Con'] });
    }
  });

  it('new works take the default comment permission (form and API) unless the author chooses', async () => {
    const t = getT();
    const { token } = await admin(t);
    const author = await t.apiUser();
    expect((await postWork(t, author.token)).comment_permissions).toBe('registered');
    await patch(t, token, { default_comment_permission: 'everyone' });
    try {
      expect((await postWork(t, author.token)).comment_permissions).toBe('everyone');
      expect((await postWork(t, author.token, { comment_permissions: 'none' })).comment_permissions).toBe('none');
      const browser = t.browser();
      await t.signUp(browser);
      const form = await (await browser.get('/works/new')).text();
      expect(form).toMatch(/<option value="everyone" selected="">/);
    } finally {
      await patch(t, token, { default_comment_permission: 'registered' });
    }
  });
});

function workJson(): Record<string, unknown> {
  return {
    title: unique('Work '),
    rating: 'General Audiences',
    warnings: ['No Archive Warnings Apply'],
    fandoms: ['Original Work'],
    chapters: [{ body: '<p>The sea was wide.</p>' }],
  };
}

function formWork(): Record<string, string | string[]> {
  return { title: unique('Work '), rating: 'General Audiences', fandoms: 'Original Work', body: '<p>The sea was wide.</p>', body_format: 'html', action: 'post', language: 'en', comment_permissions: 'registered' };
}
