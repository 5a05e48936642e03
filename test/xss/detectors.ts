import type { Page } from 'playwright-core';

// What the XSS corpus test looks for in Chromium (see test/browser/xss-corpus.test.ts): traps installed in every frame
// before any page script, a scan of the loaded page, and a canary page with known script that proves they fire.

/** A page served by a route of its own in the test, never by the app. */
export const CANARY_PATH = '/__xss_canary';
export const CANARY_HTML = `<!DOCTYPE html><title>canary</title><img src=x onerror="window.__xss_marker=1"><script>alert(1)</script>
<a href="javascript:alert(2)">x</a><iframe id=f></iframe><script>document.getElementById('f').contentWindow.confirm('canary')</script>`;

/** Installed in every frame before any page script: traps for every way a payload signals that it ran. */
export const TRAPS = `(() => {
  const hits = [];
  const report = (what) => { hits.push(what); console.log('XSS-TRAP ' + what + ' at ' + location.href); };
  Object.defineProperty(window, '__xss_hits', { value: hits, configurable: false });
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    try { Object.defineProperty(window, name, { value: () => report(name + '()'), configurable: false, writable: false }); } catch {}
  }
  let marker;
  try {
    Object.defineProperty(window, '__xss_marker', { get: () => marker, set: (v) => { marker = v; report('__xss_marker=' + v); }, configurable: false });
  } catch {}
})();`;

export interface Inspection {
  readonly marker: unknown;
  readonly hits: string[];
  readonly dangerous: string[];
  readonly markers: string[];
}

/** Runs in the page: what the payloads may have done, what could still run, and which markers rendered. */
function inspectPage(): Inspection {
  const dangerous: string[] = [];
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite', 'srcset'];
  for (const el of Array.from(document.querySelectorAll('*'))) {
    const name = el.localName.toLowerCase();
    for (const attr of Array.from(el.attributes)) {
      const a = attr.name.toLowerCase();
      if (a.startsWith('on')) dangerous.push(`<${name} ${a}="${attr.value.slice(0, 60)}">`);
      if (a === 'srcdoc') dangerous.push(`<${name} srcdoc>`);
      if (urlAttributes.includes(a)) {
        const cleaned = attr.value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '').toLowerCase();
        if (/^(javascript|vbscript|livescript|data):/.test(cleaned)) dangerous.push(`<${name} ${a}="${attr.value.slice(0, 60)}">`);
      }
    }
    if (name === 'script' && !/^\/assets\/[\w.-]+\.js$/.test(el.getAttribute('src') ?? '')) dangerous.push(`<script src="${el.getAttribute('src') ?? ''}">${(el.textContent ?? '').slice(0, 60)}`);
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'portal'].includes(name)) dangerous.push(`<${name}>`);
    if (name === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? '')) dangerous.push('<meta http-equiv=refresh>');
  }
  const w = window as unknown as { __xss_marker?: unknown; __xss_hits?: string[] };
  const html = document.documentElement ? document.documentElement.outerHTML : '';
  return { marker: w.__xss_marker, hits: [...(w.__xss_hits ?? [])], dangerous, markers: [...new Set(html.match(/XSS\d{4}X/gi) ?? [])] };
}

/** Hovers the page, lets animations start, SVG animations begin and autofocus land, then inspects it. */
export async function inspectSettled(page: Page): Promise<Inspection> {
  await page.mouse.move(300, 300);
  // Passed as source text: the function runs in the page, where the test's module scope does not exist.
  return (await page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve((${inspectPage.toString()})()), 30))))`)) as Inspection;
}
