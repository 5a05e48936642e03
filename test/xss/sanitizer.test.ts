import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { renderNotes } from '../../src/bookmarks/bookmarks.js';
import { renderComment } from '../../src/comments/comments.forms.js';
import { renderBody } from '../../src/text/render.js';
import { sanitizeBody, sanitizeComment } from '../../src/text/sanitize.js';
import { PAYLOADS } from './payloads.js';

// The whole XSS corpus through every HTML pipeline user text passes (chapter bodies as HTML and Markdown, comments,
// bookmark notes, and the two sanitizers directly). The output is parsed with htmlparser2, as a browser would
// tokenise it, and must hold no script-capable element, no on* attribute, and no javascript:/data:/vbscript: URL.

const PIPELINES: [string, (source: string) => string][] = [
  ['sanitizeBody', sanitizeBody],
  ['sanitizeComment', sanitizeComment],
  ['chapter body (HTML)', (s) => renderBody(s, 'html').html],
  ['chapter body (Markdown)', (s) => renderBody(s, 'markdown').html],
  ['comment', renderComment],
  ['bookmark notes', renderNotes],
];

/** Elements that can run script, load active content, submit, or restyle the page; none may survive. */
const FORBIDDEN_ELEMENTS = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'form', 'input', 'button', 'select',
  'textarea', 'img', 'image', 'video', 'audio', 'source', 'track', 'link', 'meta', 'base', 'template', 'noscript', 'xmp', 'noembed',
  'noframes', 'plaintext', 'listing', 'marquee', 'isindex', 'keygen', 'animate', 'set', 'use', 'foreignobject', 'portal', 'dialog', 'param', 'area',
  'title', 'body', 'html', 'head',
]);
/** Attributes that hold a URL a browser may follow or load. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'cite', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcset', 'ping', 'codebase', 'longdesc', 'usemap', 'lowsrc', 'dynsrc']);
const FORBIDDEN_ATTRIBUTES = new Set(['style', 'srcdoc', 'formaction', 'autofocus', 'contenteditable', 'accesskey', 'form', 'is', 'xmlns']);

/** The scheme a browser would see: tabs and newlines removed anywhere, C0 controls and spaces trimmed at the start. */
function browserScheme(url: string): string | undefined {
  const cleaned = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '').toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(cleaned)?.[1];
}

/** Every problem in a sanitized fragment, as readable lines (empty when it is safe). */
function problemsIn(html: string): string[] {
  const problems: string[] = [];
  const walk = (nodes: ChildNode[]) => {
    for (const node of nodes) {
      if (node.type === 'script' || node.type === 'style' || node.type === 'tag') {
        const el = node as Element;
        const name = el.name.toLowerCase();
        if (FORBIDDEN_ELEMENTS.has(name)) problems.push(`<${name}> element`);
        for (const [attribute, value] of Object.entries(el.attribs)) {
          const a = attribute.toLowerCase();
          if (a.startsWith('on')) problems.push(`${a}= attribute on <${name}>`);
          if (FORBIDDEN_ATTRIBUTES.has(a)) problems.push(`${a}= attribute on <${name}>`);
          if (URL_ATTRIBUTES.has(a)) {
            const scheme = browserScheme(value);
            if (scheme !== undefined && !['http', 'https', 'mailto'].includes(scheme)) problems.push(`${a}="${value}" (${scheme}:) on <${name}>`);
            if (scheme === undefined && !value.trim().startsWith('#')) problems.push(`relative ${a}="${value}" on <${name}>`);
          }
        }
      }
      if ('children' in node) walk(node.children as ChildNode[]);
    }
  };
  walk(parseDocument(html, { decodeEntities: true, lowerCaseAttributeNames: true, lowerCaseTags: true }).children);
  return problems;
}

describe('the XSS corpus through the sanitizer', () => {
  it('has at least 300 distinct payloads in every family', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(300);
    expect(new Set(PAYLOADS.map((p) => p.text)).size).toBe(PAYLOADS.length);
    const families = new Set(PAYLOADS.map((p) => p.family));
    expect([...families].sort()).toEqual(['attribute', 'css', 'handler', 'markdown', 'mutation', 'script', 'svg-math', 'url']);
  });

  it('detects what it looks for (the checker fails on unsanitized payloads)', () => {
    expect(problemsIn('<img src=x onerror=alert(1)>')).toEqual(['<img> element', 'relative src="x" on <img>', 'onerror= attribute on <img>']);
    expect(problemsIn('<a href="java&#x09;script:alert(1)">x</a>')).toEqual(['href="java\tscript:alert(1)" (javascript:) on <a>']);
    expect(problemsIn('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toEqual([]);
    const unsanitized = PAYLOADS.filter((p) => problemsIn(p.text).length > 0);
    // Almost every raw payload is caught by the checker; the rest only attack other contexts (Markdown, attributes).
    expect(unsanitized.length).toBeGreaterThan(PAYLOADS.length * 0.7);
  });

  for (const [name, pipeline] of PIPELINES) {
    it(`${name}: no script, no on* attribute and no dangerous URL survives any payload`, () => {
      const failures: string[] = [];
      for (const payload of PAYLOADS) {
        const output = pipeline(payload.text);
        const problems = problemsIn(output);
        if (problems.length) failures.push(`#${payload.id} ${JSON.stringify(payload.text)}\n    -> ${JSON.stringify(output)}\n    ${problems.join('; ')}`);
        // The sanitized output must be stable: sanitizing it again gives the same markup (no mutation on re-parse).
        if (name.startsWith('sanitize')) {
          const again = pipeline(output);
          if (again !== output) failures.push(`#${payload.id} is not stable under re-sanitizing:\n    ${JSON.stringify(output)}\n    ${JSON.stringify(again)}`);
        }
      }
      expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    });
  }
});
