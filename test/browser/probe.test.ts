import { expect, test } from 'vitest';
import { startBrowserHarness, axeCheck, formatViolations } from './browser-helpers.js';
test('probe', async () => {
  const h = await startBrowserHarness();
  try {
    const page = await h.newPage();
    const r = await page.goto('/');
    console.log(r?.status(), await page.title());
    try { console.log(formatViolations('home', await axeCheck(page))); } catch (e) { console.log('ERR', String(e).slice(0, 500)); }
    const page2 = await h.newPage({ bypassCSP: true });
    await page2.goto('/');
    console.log(formatViolations('home bypass', await axeCheck(page2)));
    expect(1).toBe(1);
  } finally { await h.close(); }
}, 60000);
