import { describe, expect, it } from 'vitest';
import { sanitizeBody } from '../text/sanitize.js';
import { htmlToXhtml, textToXhtml } from './xhtml.js';

// The chapter serializer: sanitized HTML in, XHTML out that is well-formed and valid HTML5 (epub.test.ts runs
// epubcheck over the same cases inside whole books).

const x = (html: string) => htmlToXhtml(sanitizeBody(html));

describe('htmlToXhtml', () => {
  it('closes void elements, quotes attributes and writes only XML entities', () => {
    expect(x('<p>a &amp; b&nbsp;&copy; &lt;x&gt; "q" \'s\'<br>next</p><hr>')).toBe('<p>a &amp; b\u00a0© &lt;x&gt; "q" \'s\'<br/>next</p><hr/>');
    expect(x('<p title=\'say "hi" & <go>\'>t</p>')).toBe('<p title="say &quot;hi&quot; &amp; &lt;go&gt;">t</p>');
  });

  it('turns HTML4 leftovers into HTML5', () => {
    expect(x('<center>c</center><p><big>b</big><strike>s</strike><acronym title="t">A</acronym><time>now</time></p>')).toBe(
      '<div class="center">c</div><p><span class="big">b</span><s>s</s><abbr title="t">A</abbr><span>now</span></p>',
    );
    expect(x('<table><tr><td align="CENTER" colspan="2" rowspan="x">z</td></tr></table>')).toBe('<table><tr><td class="align-center" colspan="2">z</td></tr></table>');
  });

  it('keeps every word when an element is out of place', () => {
    expect(x('<li>stray</li><em><p>inner</p></em><p><a href="https://a.example/">one <a href="https://b.example/">two</a></a></p>')).toBe(
      '<div class="li">stray</div><em><span class="p">inner</span></em><p><a href="https://a.example/">one <span class="a">two</span></a></p>',
    );
    expect(x('<ul> <li>a<ul><li>b</li></ul></li> </ul>')).toBe('<ul><li>a<ul><li>b</li></ul></li></ul>');
    expect(x('<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>')).toBe('<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>');
  });

  it('makes ids unique and keeps only fragment links that lead somewhere', () => {
    expect(x('<a name="fn 1">a</a><a name="fn 1">b</a><a href="#fn%201">1</a><a href="#missing">2</a>')).toBe('<a id="fn_1">a</a><a>b</a><a href="#fn_1">1</a><a>2</a>');
    const ids = new Set(['fn_1']);
    expect(htmlToXhtml('<a name="fn 1">a</a>', { ids })).toBe('<a id="fn_1_2">a</a>');
  });

  it('drops characters XML forbids and invalid attribute values', () => {
    expect(htmlToXhtml('<p lang="not a tag" dir="sideways">a\u0001b\uFFFE</p>')).toBe('<p>ab</p>');
  });
});

describe('textToXhtml', () => {
  it('makes paragraphs from blank lines and breaks from single newlines, escaped', () => {
    expect(textToXhtml('One & <two>\nline\n\n\nThree')).toBe('<p>One &amp; &lt;two&gt;<br/>line</p>\n<p>Three</p>');
    expect(textToXhtml('  \n ')).toBe('');
  });
});
