// The XSS corpus: payloads generated systematically from small tables (contexts x tricks), each of which tries to
// run `window.__xss_marker=1`, or to call alert/confirm/prompt/print, so that any execution is detectable. See
// test/xss/README.md. Used by test/xss/sanitizer.test.ts (the sanitizer) and test/browser/xss-corpus.test.ts
// (every user-text field, rendered in Chromium).

export interface Payload {
  /** 1-based, stable within a run; `marker(id)` labels where it was placed. */
  readonly id: number;
  /** The family it belongs to: script, handler, url, svg-math, css, mutation, attribute, markdown. */
  readonly family: string;
  readonly text: string;
}

/** What the payloads try to run: every form has no spaces, so it also fits unquoted attribute values. */
const CODE = ['window.__xss_marker=1', 'alert(1)', 'top.__xss_marker=1', 'confirm(1)', "self['__xss_marker']=1", 'print()', 'prompt(1)', 'alert`1`'];

/** A text label placed before each payload: it survives sanitizing, so the test can tell which payloads rendered. */
export function marker(id: number): string {
  return `XSS${String(id).padStart(4, '0')}X`;
}

/** Finds the payload markers in rendered text or markup. */
export const MARKER_PATTERN = /XSS(\d{4})X/gi;

const raw: [family: string, text: string][] = [];
let codeIndex = 0;
/** The next code to run, rotating through CODE so every form is used across the corpus. */
const js = (): string => CODE[codeIndex++ % CODE.length]!;
const add = (family: string, text: string) => raw.push([family, text]);

// ---- 1. Script elements: case, spacing, attributes, nesting and broken closers.
const scriptOpeners = ['<script>', '<SCRIPT>', '<ScRiPt>', '<script >', '<script\n>', '<script\t>', '<script/x>', '<script type="text/javascript">', '<script type=module>', '<script language=javascript>', '<script/**/>', '<script x="">'];
const scriptClosers = ['</script>', '</SCRIPT>', '</script >', '</script x>', '</script\n>', ''];
scriptOpeners.forEach((open, i) => add('script', `${open}${js()}${scriptClosers[i % scriptClosers.length]}`));
for (const shape of [
  (c: string) => `<<script>${c}//<</script>`,
  (c: string) => `<scr<script>ipt>${c}</scr</script>ipt>`,
  (c: string) => `<scri<!-- -->pt>${c}</script>`,
  (c: string) => `<script>/*</script>*/${c}</script>`,
  (c: string) => `<script>${c}<!--`,
  (c: string) => `<script src=data:,${c}></script>`,
  (c: string) => `<script src="data:text/javascript,${c}"></script>`,
  (c: string) => `<script/src=data:,${c}>`,
  (c: string) => `<script src="javascript:${c}"></script>`,
  (c: string) => `<svg><script>${c}</script></svg>`,
  (c: string) => `<svg><script href="data:,${c}" />`,
  (c: string) => `<svg><script xlink:href="data:,${c}"></script></svg>`,
  (c: string) => `<math><script>${c}</script></math>`,
  (c: string) => `<p>x</p><script>${c}</script><p>y</p>`,
  (c: string) => `<div><script>${c}</script></div>`,
  (c: string) => `<script\x0c>${c}</script>`,
  (c: string) => `<script\u00a0>${c}</script>`,
  (c: string) => `<\u0000script>${c}</script>`,
  (c: string) => `&lt;script&gt;${c}&lt;/script&gt;`,
  (c: string) => `&#60;script&#62;${c}&#60;/script&#62;`,
  (c: string) => `\\u003cscript\\u003e${c}\\u003c/script\\u003e`,
  (c: string) => `%3Cscript%3E${c}%3C/script%3E`,
]) add('script', shape(js()));

// ---- 2. Event-handler attributes on every element that fires them without (or with little) interaction.
const handlerTargets: [string, string][] = [
  ['img src=x', 'onerror'], ['image src=x', 'onerror'], ['img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="', 'onload'],
  ['svg', 'onload'], ['svg><g', 'onload'], ['body', 'onload'], ['body', 'onpageshow'], ['body', 'onfocus'], ['body', 'onhashchange'],
  ['details open', 'ontoggle'], ['video src=x', 'onerror'], ['video><source src=x', 'onerror'], ['video poster=x src=x', 'onloadstart'],
  ['audio src=x', 'onerror'], ['audio controls src=x', 'onloadstart'], ['iframe', 'onload'], ['iframe src=x', 'onload'],
  ['input autofocus', 'onfocus'], ['input type=image src=x', 'onerror'], ['input autofocus', 'onfocusin'], ['select autofocus', 'onfocus'],
  ['textarea autofocus', 'onfocus'], ['button autofocus', 'onfocus'], ['keygen autofocus', 'onfocus'], ['xss tabindex=1 autofocus', 'onfocus'],
  ['marquee', 'onstart'], ['marquee loop=1 width=1', 'onfinish'], ['object data=x', 'onerror'], ['embed src=x', 'onload'],
  ['link rel=stylesheet href=x', 'onerror'], ['style', 'onload'], ['track src=x', 'onerror'], ['frameset', 'onload'],
  ['div style="animation-name:spin;animation-duration:1s"', 'onanimationstart'], ['div style="animation:spin 1ms"', 'onanimationend'],
  ['div style="transition:color 1ms" tabindex=1 autofocus', 'ontransitionend'], ['p', 'onmouseover'], ['p', 'onclick'],
  ['div', 'onpointerover'], ['div', 'onpointerenter'], ['div', 'onpointerdown'], ['span', 'onpointermove'], ['a href=#', 'onmouseenter'],
  ['form><button', 'onclick'], ['form', 'onsubmit'], ['input', 'onblur'], ['input value=x', 'oninput'], ['div contenteditable', 'onbeforeinput'],
  ['table background=x', 'onerror'], ['body', 'onscroll'], ['div style="height:9999px"', 'onwheel'], ['html', 'onmouseover'], ['meter', 'onmouseover'],
];
const handlerSyntax = [
  (t: string, h: string, c: string) => `<${t} ${h}=${c}>`,
  (t: string, h: string, c: string) => `<${t} ${h}="${c}">`,
  (t: string, h: string, c: string) => `<${t} ${h.toUpperCase()}='${c}'>`,
  (t: string, h: string, c: string) => `<${t}/${h}=${c}>`,
  (t: string, h: string, c: string) => `<${t}\n${h}\n=\n"${c}">`,
  (t: string, h: string, c: string) => `<${t} ${h[0]!.toUpperCase()}${h.slice(1, 3).toUpperCase()}${h.slice(3)}=\`${c}\`>`,
  (t: string, h: string, c: string) => `<${t}\t${h}=${c}//>`,
  (t: string, h: string, c: string) => `<${t} x=" "${h}=${c}>`,
];
handlerTargets.forEach(([target, handler], i) => {
  add('handler', handlerSyntax[i % handlerSyntax.length]!(target, handler, js()));
  add('handler', handlerSyntax[(i + 3) % handlerSyntax.length]!(target, handler, js()));
});
add('handler', `<style>@keyframes spin{}</style><div style="animation-name:spin" onanimationstart=${js()}>x</div>`);
add('handler', `<svg><animate onbegin=${js()} attributeName=x dur=1s>`);
add('handler', `<svg><set onbegin=${js()} attributeName=x to=1>`);
add('handler', `<svg><animatetransform onbegin=${js()} attributeName=transform>`);
add('handler', `<svg><discard onbegin=${js()}>`);
add('handler', `<img src=x onerror="&#${'a'.charCodeAt(0)};lert(1)">`);
add('handler', `<img src=x onerror=&#x61;&#x6c;&#x65;&#x72;&#x74;&#x28;&#x31;&#x29;>`);
add('handler', `<img src=x onerror=eval(atob('d2luZG93Ll9feHNzX21hcmtlcj0x'))>`);
add('handler', `<img src=x:x onerror=${js()} alt="">`);
add('handler', `<img src=x onerror=${js()}//`);
add('handler', `<img """><script>${js()}</script>">`);
add('handler', `<img src=\`x\`onerror=${js()}>`);
add('handler', `<img src= onerror=${js()}>`);
add('handler', `<img/src="x"/onerror=${js()}>`);

// ---- 3. Dangerous URL schemes in every URL-taking attribute, with entity encodings and whitespace tricks.
const encodeDecimal = (s: string) => [...s].map((ch) => `&#${ch.charCodeAt(0)};`).join('');
const encodeHex = (s: string) => [...s].map((ch) => `&#x${ch.charCodeAt(0).toString(16)};`).join('');
const schemes: ((c: string) => string)[] = [
  (c) => `javascript:${c}`,
  (c) => `JaVaScRiPt:${c}`,
  (c) => `JAVASCRIPT:${c}`,
  (c) => ` javascript:${c}`,
  (c) => `\tjavascript:${c}`,
  (c) => `\n\njavascript:${c}`,
  (c) => `java\tscript:${c}`,
  (c) => `java\nscript:${c}`,
  (c) => `java\rscript:${c}`,
  (c) => `java\u0000script:${c}`,
  (c) => `java&#x09;script:${c}`,
  (c) => `java&#10;script:${c}`,
  (c) => `java&#0;script:${c}`,
  (c) => `java&Tab;script:${c}`,
  (c) => `java&NewLine;script:${c}`,
  (c) => `&#106;avascript:${c}`,
  (c) => `&#x6A;avascript:${c}`,
  (c) => `&#0000106;avascript:${c}`,
  (c) => `&#x000006a;avascript:${c}`,
  (c) => `&#106avascript:${c}`,
  (c) => `&#x6Aavascript&#x3a${c}`,
  (c) => `${encodeDecimal('javascript:')}${c}`,
  (c) => `${encodeHex('javascript:')}${c}`,
  (c) => `${encodeDecimal('javascript')}&#58${c}`,
  (c) => `javascript&colon;${c}`,
  (c) => `javascript&#58;${c}`,
  (c) => `javascript&#x3A;${c}`,
  (c) => `&#32;javascript:${c}`,
  (c) => `\u0001javascript:${c}`,
  (c) => `javascript://%0a${c}`,
  (c) => `javascript:/*-->*/${c}`,
  (c) => `vbscript:msgbox(1)//${c}`,
  (c) => `VBScript:${c}`,
  (c) => `data:text/html,<script>${c}</script>`,
  (c) => `data:text/html;base64,${Buffer.from(`<script>${c}</script>`).toString('base64')}`,
  (c) => `DATA:text/html,<img src=x onerror=${c}>`,
  (c) => `data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="${c}"/>`,
  (c) => `data:application/javascript,${c}`,
  (c) => `&#100;ata:text/html,<script>${c}</script>`,
  (c) => `livescript:${c}`,
];
const urlContexts: ((u: string) => string)[] = [
  (u) => `<a href="${u}">click</a>`,
  (u) => `<a href='${u}'>click</a>`,
  (u) => `<a href=${u.replace(/[\s>]/g, '')}>click</a>`,
  (u) => `<iframe src="${u}"></iframe>`,
  (u) => `<form action="${u}"><button>go</button></form>`,
  (u) => `<form><button formaction="${u}">go</button></form>`,
  (u) => `<form><input type=submit formaction="${u}"></form>`,
  (u) => `<svg><a xlink:href="${u}"><text x=9 y=9>click</text></a></svg>`,
  (u) => `<svg><a href="${u}"><text x=9 y=9>click</text></a></svg>`,
  (u) => `<object data="${u}"></object>`,
  (u) => `<embed src="${u}">`,
  (u) => `<img src="${u}">`,
  (u) => `<area href="${u}">`,
  (u) => `<math><maction actiontype=statusline xlink:href="${u}">click</maction></math>`,
  (u) => `<blockquote cite="${u}">q</blockquote>`,
  (u) => `<q cite="${u}">q</q>`,
  (u) => `<base href="${u}">`,
  (u) => `<meta http-equiv="refresh" content="0;url=${u}">`,
  (u) => `<isindex action="${u}" type=image>`,
  (u) => `<video><source src="${u}"></video>`,
];
schemes.forEach((scheme, i) => {
  add('url', urlContexts[i % urlContexts.length]!(scheme(js())));
  add('url', urlContexts[(i * 7 + 3) % urlContexts.length]!(scheme(js())));
  add('url', urlContexts[(i * 3 + 11) % urlContexts.length]!(scheme(js())));
});
for (const c of [js(), js(), js()]) add('url', `<iframe srcdoc="&lt;script&gt;parent.${c}&lt;/script&gt;"></iframe>`);
add('url', `<iframe srcdoc="<img src=x onerror=parent.${js()}>"></iframe>`);
add('url', `<iframe srcdoc='&#60;svg onload=top.__xss_marker=1&#62;'></iframe>`);

// ---- 4. SVG and MathML: foreign content, animation of href, use with data: documents.
for (const c of [js(), js()]) {
  add('svg-math', `<svg><foreignObject><iframe srcdoc="&lt;script&gt;top.__xss_marker=1&lt;/script&gt;"></iframe><img src=x onerror=${c}></foreignObject></svg>`);
  add('svg-math', `<math><annotation-xml encoding="text/html"><img src=x onerror=${c}></annotation-xml></math>`);
}
add('svg-math', `<math><semantics><annotation-xml encoding="application/xhtml+xml"><svg onload=${js()}></annotation-xml></semantics></math>`);
add('svg-math', `<svg><a><animate attributeName=href values=javascript:${js()} /><text x=20 y=20>click</text></a></svg>`);
add('svg-math', `<svg><a><animate attributeName=href to=javascript:${js()} begin=0 /><text x=20 y=20>click</text></a></svg>`);
add('svg-math', `<svg><a><set attributeName=xlink:href to=javascript:${js()} /><text x=20 y=20>click</text></a></svg>`);
add('svg-math', `<svg><animate xlink:href=#x attributeName=href values="javascript:${js()}" /><a id=x><text x=20 y=20>click</text></a></svg>`);
add('svg-math', `<svg><set attributeName=onmouseover to=${js()} /></svg>`);
add('svg-math', `<svg><set attributeName=onload to=${js()} /></svg>`);
add('svg-math', `<svg><use href="data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='${js()}' /&gt;&lt;/svg&gt;#x" /></svg>`);
add('svg-math', `<svg><use xlink:href="data:image/svg+xml;base64,${Buffer.from(`<svg id="x" xmlns="http://www.w3.org/2000/svg"><image href="1" onerror="${js()}"/></svg>`).toString('base64')}#x"></use></svg>`);
add('svg-math', `<svg><image href=x onerror=${js()} /></svg>`);
add('svg-math', `<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">${js()}</handler></svg>`);
add('svg-math', `<svg><style>@import'data:,*{x:y}';</style><img src=x onerror=${js()}></svg>`);
add('svg-math', `<svg><title><img src=x onerror=${js()}></title></svg>`);
add('svg-math', `<svg><desc><img src=x onerror=${js()}></desc></svg>`);
add('svg-math', `<svg><iframe onload=${js()}></iframe></svg>`);
add('svg-math', `<svg xmlns="http://www.w3.org/2000/svg"><script>${js()}</script></svg>`);
add('svg-math', `<svg><feImage href="javascript:${js()}"/></svg>`);
add('svg-math', `<math href="javascript:${js()}">click</math>`);
add('svg-math', `<math><mi xlink:href="javascript:${js()}">click</mi></math>`);
add('svg-math', `<math><mtext><img src=x onerror=${js()}></mtext></math>`);
add('svg-math', `<math><mglyph><img src=x onerror=${js()}></mglyph></math>`);
add('svg-math', `<math><malignmark><img src=x onerror=${js()}></malignmark></math>`);
add('svg-math', `<math><mtext><table><mglyph><style><img src=x onerror=${js()}>`);
add('svg-math', `<math><mi><svg><style><img src=x onerror=${js()}></style></svg></mi></math>`);
add('svg-math', `<svg><foreignobject><p><style><img src=x onerror=${js()}></style></p></foreignobject></svg>`);

// ---- 5. CSS injection: style attributes, style elements, @import, breakouts.
const cssValues = [
  (c: string) => `background:url(javascript:${c})`,
  (c: string) => `background-image:url("javascript:${c}")`,
  (c: string) => `width:expression(${c})`,
  (c: string) => `xss:expr/**/ession(${c})`,
  (c: string) => `behavior:url(x.htc);x:${c}`,
  (c: string) => `-moz-binding:url(data:text/xml,${c})`,
  (c: string) => `list-style-image:url(javascript:${c})`,
  (c: string) => `background:\\75rl(javascript:${c})`,
  (c: string) => `position:fixed;top:0;left:0;width:100%;height:100%;background:url(data:image/svg+xml,<svg onload=${c}>)`,
];
cssValues.forEach((value, i) => {
  add('css', `<p style="${value(js())}">x</p>`);
  add('css', `<div style='${value(js())}'>x</div>`);
  add('css', `<style>p{${value(js())}}</style>${i % 2 ? '<p>x</p>' : ''}`);
});
add('css', `<style>@import 'javascript:${js()}';</style>`);
add('css', `<style>@import url("data:text/css,*{background:url(javascript:${js()})}");</style>`);
add('css', `<style>@im\\port'\\ja\\vasc\\ript:${js()}';</style>`);
add('css', `<style></style><script>${js()}</script>`);
add('css', `<style></style ><img src=x onerror=${js()}>`);
add('css', `<style><!--</style><img src=x onerror=${js()}>-->`);
add('css', `<style>*{x:"</style><img src=x onerror=${js()}>"}</style>`);
add('css', `</style><script>${js()}</script>`);
add('css', `<link rel=stylesheet href="javascript:${js()}">`);
add('css', `<link rel=import href="data:text/html,<script>${js()}</script>">`);
add('css', `<div style="x:y;</style><img src=x onerror=${js()}>">x</div>`);

// ---- 6. Mutation XSS and parser confusion: raw-text elements, comments, CDATA, templates, nesting.
const rawText = ['textarea', 'title', 'xmp', 'noembed', 'noframes', 'iframe', 'noscript', 'style', 'plaintext', 'listing'];
rawText.forEach((tag) => {
  add('mutation', `<${tag}><img src=x onerror=${js()}></${tag}>`);
  add('mutation', `<${tag}></${tag}><img src=x onerror=${js()}>`);
  add('mutation', `<${tag}><p title="</${tag}><img src=x onerror=${js()}>"></p></${tag}>`);
});
add('mutation', `<noscript><p title="</noscript><img src=x onerror=${js()}>">`);
add('mutation', `<svg></p><style><a id="</style><img src=1 onerror=${js()}>">`);
add('mutation', `<svg><p><style><img src=x onerror=${js()}></style></p></svg>`);
add('mutation', `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=${js()}&gt;">`);
add('mutation', `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${js()}>`);
add('mutation', `<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=${js()}>"></style></h1>`);
add('mutation', `<!--><img src=x onerror=${js()}>-->`);
add('mutation', `<!---><img src=x onerror=${js()}>-->`);
add('mutation', `<!-- --!><img src=x onerror=${js()}>-->`);
add('mutation', `<!--<img src="--><img src=x onerror=${js()}//">`);
add('mutation', `<![CDATA[><img src=x onerror=${js()}>]]>`);
add('mutation', `<svg><![CDATA[><img src=x onerror=${js()}>]]></svg>`);
add('mutation', `<svg><![CDATA[</svg><img src=x onerror=${js()}>]]>`);
add('mutation', `<?xml version="1.0"?><img src=x onerror=${js()}>`);
add('mutation', `<? foo="><script>${js()}</script>">`);
add('mutation', `<!DOCTYPE html><img src=x onerror=${js()}>`);
add('mutation', `<template><img src=x onerror=${js()}></template>`);
add('mutation', `<template><script>${js()}</script></template>`);
add('mutation', `<table><td><img src=x onerror=${js()}></td></table>`);
add('mutation', `<table><img src=x onerror=${js()}><tr><td>x</td></tr></table>`);
add('mutation', `<a href="https://example.org/<img src=x onerror=${js()}>">x</a>`);
add('mutation', `<a title="<script>${js()}</script>">x</a>`);
add('mutation', `<p title="&lt;img src=x onerror=${js()}&gt;">x</p>`);
add('mutation', `<div id="x"><p><img src=x onerror=${js()}></div>`);
add('mutation', `<select><style></select><img src=x onerror=${js()}>`);
add('mutation', `<select><template><style></template><img src=x onerror=${js()}></select>`);
add('mutation', `<frameset><frame src="javascript:${js()}">`);
add('mutation', `<object><param name=src value=javascript:${js()}></object>`);
add('mutation', `<img src="x` + '`' + `" onerror=${js()}>`);
add('mutation', `<b <img src=x onerror=${js()}>>x</b>`);
add('mutation', `<div <script>${js()}</script>>`);
add('mutation', `<</p>img src=x onerror=${js()}>`);
add('mutation', `<img src=x onerror=${js()}`);
add('mutation', `<details><summary>x</summary><details open ontoggle=${js()}>`);
add('mutation', `<a href=# id=x tabindex=1 onfocus=${js()}>x</a><a href=#x>y</a>`);
add('mutation', `<embed code=x type=text/html src="data:text/html,<script>${js()}</script>">`);
add('mutation', `<base href="javascript:/"><a href="${js()}">x</a>`);
add('mutation', `<form id=f></form><button form=f formaction="javascript:${js()}">x</button>`);
add('mutation', `<input type=hidden accesskey=x onclick=${js()}>`);
add('mutation', `<dialog open onclose=${js()}><form method=dialog><button autofocus>x</button></form></dialog>`);
add('mutation', `<portal src="javascript:${js()}"></portal>`);
add('mutation', `<x onclick=${js()} style=display:block;position:fixed;inset:0>`);

// ---- 7. Attribute and context breakouts, for text that lands inside attributes, titles, textareas or scripts.
const breakouts = ['"><', "'><", '`><', '"/><', '" ><', '></', '--><', ']]><', '</title><', '</textarea><', '</script><', '</option></select><', '</noscript><', '</style><', '"></a><', '\'"></span><'];
breakouts.forEach((start, i) => {
  add('attribute', `${start}img src=x onerror=${js()}>`);
  if (i % 2 === 0) add('attribute', `${start}script>${js()}</script>`);
  if (i % 3 === 0) add('attribute', `${start}svg onload=${js()}>`);
});
for (const q of ['"', "'", '`']) {
  add('attribute', `${q} onmouseover=${q}${js()}`);
  add('attribute', `${q} autofocus onfocus=${js()} x=${q}`);
  add('attribute', `${q} style=${q}animation-name:spin${q} onanimationstart=${q}${js()}`);
  add('attribute', `${q};${js()};//`);
}
add('attribute', `{{constructor.constructor('${js()}')()}}`);
add('attribute', `\${${js()}}`);
add('attribute', `<%= ${js()} %>`);
add('attribute', `\\";${js()};//`);
add('attribute', `</script><script>${js()}</script>`);
add('attribute', `x" onerror="${js()}" src="x`);
add('attribute', `x' onerror='${js()}' src='x`);
add('attribute', `x onerror=${js()} src=x`);
add('attribute', `x&quot; onerror=&quot;${js()}`);
add('attribute', `x&#34; onfocus=&#34;${js()}&#34; autofocus=&#34;`);
add('attribute', `%22%3E%3Cimg%20src=x%20onerror=${js()}%3E`);
add('attribute', `\u201c><img src=x onerror=${js()}>`);
add('attribute', `\uff1cscript\uff1e${js()}\uff1c/script\uff1e`);

// ---- 8. Markdown: links, images, references and autolinks with dangerous schemes; HTML inside Markdown.
const mdSchemes = ['javascript:', 'JAVASCRIPT:', ' javascript:', 'javascript&#58;', '&#106;avascript:', 'java&#x09;script:', 'vbscript:', 'data:text/html,<script>', 'jav\tascript:', 'javascript%3a'];
mdSchemes.forEach((scheme) => {
  add('markdown', `[click](${scheme}${js()})`);
  add('markdown', `[click](<${scheme}${js()}>)`);
});
for (const shape of [
  (c: string) => `![x](" onerror=${c})`,
  (c: string) => `![x](x" onerror="${c})`,
  (c: string) => `![x"onerror="${c}](x)`,
  (c: string) => `![x](javascript:${c})`,
  (c: string) => `[x](x" onmouseover="${c})`,
  (c: string) => `[x](#" onclick="${c})`,
  (c: string) => `[x](javascript:${c} "title")`,
  (c: string) => `[x](https://example.org "title\\" onmouseover=\\"${c}")`,
  (c: string) => `<javascript:${c}>`,
  (c: string) => `<vbscript:${c}>`,
  (c: string) => `<JavaScript:${c}>`,
  (c: string) => `[x][ref]\n\n[ref]: javascript:${c}`,
  (c: string) => `[x][ref]\n\n[ref]: <javascript:${c}> "t"`,
  (c: string) => `![x][img]\n\n[img]: x" onerror="${c}`,
  (c: string) => `[<img src=x onerror=${c}>](https://example.org)`,
  (c: string) => `[x](https://example.org)<img src=x onerror=${c}>`,
  (c: string) => `\`<script>${c}</script>\``,
  (c: string) => `\`\`\`html\n</code></pre><script>${c}</script>\n\`\`\``,
  (c: string) => `> <script>${c}</script>`,
  (c: string) => `* <img src=x onerror=${c}>`,
  (c: string) => `# <svg onload=${c}>`,
  (c: string) => `[x](java\nscript:${c})`,
  (c: string) => `[x](javas&#99;ript:${c})`,
  (c: string) => `[x]( javascript:${c})`,
  (c: string) => `www.example.org/<img src=x onerror=${c}>`,
  (c: string) => `https://example.org/"onmouseover="${c}"`,
  (c: string) => `[x](data:text/html;base64,${Buffer.from(`<script>${c}</script>`).toString('base64')})`,
  (c: string) => `<a href="javascript:${c}">*x*</a>`,
  (c: string) => `_<img src=x onerror=${c}>_`,
  (c: string) => `[x](\\javascript:${c})`,
]) add('markdown', shape(js()));

/** The corpus: every distinct payload once, numbered. */
export const PAYLOADS: readonly Payload[] = (() => {
  const seen = new Set<string>();
  const list: Payload[] = [];
  for (const [family, text] of raw) {
    if (seen.has(text)) continue;
    seen.add(text);
    list.push({ id: list.length + 1, family, text });
  }
  return list;
})();

/** A payload by its id. */
export function payloadById(id: number): Payload | undefined {
  return PAYLOADS[id - 1];
}
