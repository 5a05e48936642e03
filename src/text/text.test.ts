import { describe, expect, it } from 'vitest';
import { renderBody } from './render.js';
import { htmlToText, sanitizeBody, sanitizeComment } from './sanitize.js';
import { countWords } from './word-count.js';

// The chapter-body pipeline: sanitize.ts (the allowlist in docs/formatting.md), render.ts (Markdown and pasted
// text), word-count.ts (CJK and Thai by character).

const REL = 'rel="nofollow ugc noopener"';

describe('sanitizeBody', () => {
  it.each([
    ['paragraphs and emphasis', '<p><em>a</em> <strong>b</strong> <i>c</i> <b>d</b> <u>e</u> <s>f</s> <del>g</del> <ins>h</ins></p>'],
    ['headings h2 to h6', '<h2>a</h2><h3>b</h3><h4>c</h4><h5>d</h5><h6>e</h6>'],
    ['lists with their attributes', '<ol start="3" reversed type="a"><li value="5">x</li></ol><ul><li>y</li></ul><dl><dt>t</dt><dd>d</dd></dl>'],
    ['blockquotes, rules and preformatted text', '<blockquote cite="https://example.org/">q</blockquote><hr /><pre><code>x = 1</code></pre>'],
    ['tables', '<table><caption>C</caption><thead><tr><th scope="col" colspan="2">H</th></tr></thead><tbody><tr><td rowspan="2" align="left">x</td></tr></tbody></table>'],
    ['details and summary', '<details open><summary>Spoiler</summary><p>Hidden</p></details>'],
    ['sub and sup', '<p>H<sub>2</sub>O and x<sup>2</sup></p>'],
    ['lang and dir on any element', '<p lang="ar" dir="rtl">مرحبا</p><span lang="fr" dir="ltr" title="greeting">bonjour</span>'],
    ['ruby, abbr, time and q', '<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby><abbr title="x">X</abbr><time datetime="2024-01-01">then</time><q cite="https://a.example/">q</q>'],
    ['escaped text', '<p>a &lt;script&gt; &amp; b</p>'],
  ])('keeps %s', (_, html) => {
    expect(sanitizeBody(html)).toBe(html);
  });

  it('keeps http, https and mailto links and marks every link nofollow ugc noopener', () => {
    expect(sanitizeBody('<a href="https://example.org/a?b=c">x</a>')).toBe(`<a href="https://example.org/a?b=c" ${REL}>x</a>`);
    expect(sanitizeBody('<a href="http://example.org">x</a>')).toBe(`<a href="http://example.org" ${REL}>x</a>`);
    expect(sanitizeBody('<a href="mailto:keeper@example.org">x</a>')).toBe(`<a href="mailto:keeper@example.org" ${REL}>x</a>`);
    // The author's own rel and target are replaced, so a link can never reach back through window.opener.
    expect(sanitizeBody('<a href="https://example.org" rel="opener" target="_blank">x</a>')).toBe(`<a href="https://example.org" ${REL}>x</a>`);
  });

  it.each([
    ['javascript:', '<a href="javascript:alert(1)">x</a>'],
    ['javascript: in mixed case', '<a href="JaVaScRiPt:alert(1)">x</a>'],
    ['javascript: behind spaces', '<a href="   javascript:alert(1)">x</a>'],
    ['javascript: split by a tab entity', '<a href="java&#x09;script:alert(1)">x</a>'],
    ['javascript: written with entities', '<a href="&#106;avascript:alert(1)">x</a>'],
    ['data:', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
    ['vbscript:', '<a href="vbscript:msgbox(1)">x</a>'],
    ['a protocol-relative URL', '<a href="//evil.example/x">x</a>'],
    ['ftp:', '<a href="ftp://example.org/file">x</a>'],
    ['a relative URL', '<a href="/logout">x</a>'],
  ])('drops the href of %s', (_, html) => {
    expect(sanitizeBody(html)).toBe(`<a ${REL}>x</a>`);
  });

  it('keeps in-page fragment links, for footnotes', () => {
    expect(sanitizeBody('<a href="#fn1">1</a> <a name="fn1">1.</a>')).toBe(`<a href="#fn1" ${REL}>1</a> <a name="fn1" ${REL}>1.</a>`);
  });

  it('drops a javascript: cite', () => {
    expect(sanitizeBody('<blockquote cite="javascript:alert(1)">q</blockquote>')).toBe('<blockquote>q</blockquote>');
  });

  it.each([
    ['script', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['script in a paragraph', '<p>a<script src="https://evil.example/x.js"></script>b</p>', '<p>ab</p>'],
    ['style', '<style>body { display: none }</style><p>a</p>', '<p>a</p>'],
    ['iframe', '<iframe src="https://evil.example">fallback</iframe><p>a</p>', '<p>a</p>'],
    ['object and embed', '<object data="x.swf">o</object><embed src="x.swf"><p>a</p>', '<p>a</p>'],
    ['svg with a script', '<svg onload="alert(1)"><script>alert(2)</script></svg><p>a</p>', '<p>a</p>'],
    ['math', '<math><mi href="javascript:alert(1)">x</mi></math><p>a</p>', '<p>a</p>'],
    ['template and noscript', '<template><p>t</p></template><noscript>n</noscript><p>a</p>', '<p>a</p>'],
    ['forms and their controls, keeping only the button text', '<form action="/logout" method="post"><button>Go</button><input name="x"><textarea>t</textarea></form><p>a</p>', 'Go<p>a</p>'],
    ['img with onerror', '<p>a<img src="x" onerror="alert(1)">b</p>', '<p>ab</p>'],
    ['base, meta and link', '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example"><link rel="stylesheet" href="x.css"><p>a</p>', '<p>a</p>'],
    ['comments', '<!-- <script>alert(1)</script> --><p>a</p>', '<p>a</p>'],
  ])('removes %s', (_, html, expected) => {
    const clean = sanitizeBody(html);
    expect(clean).toBe(expected);
  });

  it.each([
    ['onclick', '<p onclick="alert(1)">a</p>', '<p>a</p>'],
    ['onmouseover on a link', `<a href="https://example.org" onmouseover="alert(1)">a</a>`, `<a href="https://example.org" ${REL}>a</a>`],
    ['ONERROR in capitals', '<span ONERROR="alert(1)">a</span>', '<span>a</span>'],
    ['style', '<p style="position:fixed;top:0;left:0;width:100%;height:100%">a</p>', '<p>a</p>'],
    ['class and id', '<p class="site-header" id="main">a</p>', '<p>a</p>'],
    ['src on an allowed tag', '<span src="https://evil.example/x">a</span>', '<span>a</span>'],
  ])('removes the %s attribute', (_, html, expected) => {
    expect(sanitizeBody(html)).toBe(expected);
  });

  it('keeps the text of unknown elements but not the elements', () => {
    expect(sanitizeBody('<p><font color="red">red</font> <marquee>moving</marquee></p>')).toBe('<p>red moving</p>');
  });

  it('turns h1 into h2', () => {
    expect(sanitizeBody('<h1 lang="en">Top</h1><h2>Next</h2>')).toBe('<h2 lang="en">Top</h2><h2>Next</h2>');
  });

  it('never lets an event handler or script through, whatever the nesting', () => {
    const hostile = [
      '<scr<script>ipt>alert(1)</scr</script>ipt>',
      '<p><a href="https://x.example" <img src=x onerror=alert(1)>>x</a></p>',
      '<<script>script>alert(1)<</script>/script>',
      '<details open ontoggle="alert(1)"><summary>s</summary></details>',
      '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
      '"><svg/onload=alert(1)>',
    ];
    for (const html of hostile) {
      const clean = sanitizeBody(html);
      expect(clean, html).not.toMatch(/<script|<svg|<img|\son\w+\s*=|javascript:/i);
    }
  });
});

describe('sanitizeComment', () => {
  it('uses the body allowlist without headings and tables', () => {
    expect(sanitizeComment('<h1>Big</h1><table><tr><td>x</td></tr></table><p><em>ok</em> <a href="https://e.example" onclick="x()">l</a></p><script>y()</script>')).toBe(
      `Bigx<p><em>ok</em> <a href="https://e.example" ${REL}>l</a></p>`,
    );
  });
});

describe('renderBody', () => {
  it('renders Markdown and sanitizes the result', () => {
    expect(renderBody('*x*', 'markdown').html).toBe('<p><em>x</em></p>\n');
    const { html } = renderBody('# Title\n\nSome **bold** text and [a link](https://example.org).\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1))', 'markdown');
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain(`<a href="https://example.org" ${REL}>a link</a>`);
    expect(html).not.toMatch(/<script|<h1|href="javascript/i);
  });

  it('turns bare URLs in Markdown into safe links', () => {
    expect(renderBody('See https://example.org today.', 'markdown').html).toBe(`<p>See <a href="https://example.org" ${REL}>https://example.org</a> today.</p>\n`);
  });

  it('treats HTML without block tags as pasted text: blank lines make paragraphs, newlines make breaks', () => {
    expect(renderBody('line one\nline two\n\n  second paragraph  \r\n\r\nthird', 'html').html).toBe('<p>line one<br />line two</p>\n<p>second paragraph</p>\n<p>third</p>');
    expect(renderBody('<p>Already</p>\n\n<p>paragraphs</p>', 'html').html).toBe('<p>Already</p>\n\n<p>paragraphs</p>');
  });

  it('sanitizes pasted text too', () => {
    const { html } = renderBody('hello <em>there</em>\n\n<img src=x onerror=alert(1)>friend', 'html');
    expect(html).toBe('<p>hello <em>there</em></p>\n<p>friend</p>');
  });

  it('counts the words of the cleaned text, not of the markup', () => {
    expect(renderBody('<p>One <em>two</em></p><p>three</p><script>four five six</script>', 'html').words).toBe(3);
    expect(renderBody('<p>one</p><p>two</p>', 'html').words).toBe(2);
    expect(renderBody('[link text](https://example.org/a/very/long/url)', 'markdown').words).toBe(2);
    expect(renderBody('a&nbsp;b &amp; c', 'html').words).toBe(3);
  });

  it.each([
    ['details and summary', '<details><summary>Spoiler</summary>Hidden text</details>', 3],
    ['a table caption and cells', '<table><caption>Cap</caption><tr><th>a</th><td>b</td></tr></table>', 3],
    ['a figure caption', '<figure>Picture<figcaption>Caption</figcaption></figure>', 2],
    ['preformatted text', '<pre>code</pre>after', 2],
    ['a rule', '<p>one</p>two<hr>three', 3],
    ['an opening block tag', 'one<div>two</div>three', 3],
    ['inline tags inside a word', '<p>un<em>believ</em>able</p>', 1],
  ])('counts words on either side of %s separately', (_, html, expected) => {
    expect(renderBody(html, 'html').words).toBe(expected);
  });
});

describe('htmlToText', () => {
  it('strips tags, keeps block boundaries as spaces and decodes entities', () => {
    expect(htmlToText('<p>one</p><p>two<br>three</p>').replace(/\s+/g, ' ').trim()).toBe('one two three');
    expect(htmlToText('<p>&lt;b&gt; &amp; &quot;q&quot; &#39;s&#39;</p>').trim()).toBe('<b> & "q" \'s\'');
  });
});

describe('countWords', () => {
  it.each([
    ['', 0],
    ['   \n\t ', 0],
    ['... — !!! ?', 0],
    ['The lamp was lit at dusk.', 6],
    ["don't stop, it's well-known", 4],
    ['Numbers 42 and 3.14 count', 5],
    ['Naïve café résumé', 3],
    ['Привет, мир', 2],
    ['مرحبا بالعالم', 2],
    ['안녕하세요 세계', 2],
    ['日本語のテキスト', 8],
    ['中文字', 3],
    ['ひらがな カタカナ', 8],
    ['สวัสดี', 4],
    ['ภาษาไทย', 7],
    ['Chapter 一 starts 今日は.', 6],
    ['ສະບາຍດີ', 6],
  ])('counts %j as %i', (text, expected) => {
    expect(countWords(text)).toBe(expected);
  });

  it('counts the same text the same way on repeated calls (no global regex state)', () => {
    const text = 'one two three 四五';
    expect([countWords(text), countWords(text), countWords(text)]).toEqual([5, 5, 5]);
  });
});
