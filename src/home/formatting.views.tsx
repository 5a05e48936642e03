import type { PageContext } from '../http/page-context.js';
import { Layout } from '../ui/layout.js';

/** Help on what chapter text may contain; mirrors docs/formatting.md. */
export function FormattingPage({ ctx }: { readonly ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Formatting your work">
      <section class="narrow prose">
        <h1>Formatting your work</h1>
        <p>Write chapters in Markdown or in HTML. Plain text works too: leave an empty line between paragraphs.</p>
        <h2>Allowed</h2>
        <ul>
          <li>Paragraphs and line breaks: <code>p</code>, <code>br</code>, <code>hr</code>, <code>div</code>, <code>center</code></li>
          <li>Emphasis: <code>em</code>, <code>strong</code>, <code>i</code>, <code>b</code>, <code>u</code>, <code>s</code>, <code>del</code>, <code>ins</code>, <code>small</code>, <code>big</code>, <code>mark</code>, <code>sub</code>, <code>sup</code>, <code>code</code>, <code>abbr</code>, <code>cite</code>, <code>q</code>, <code>span</code></li>
          <li>Headings <code>h2</code> to <code>h6</code> (an <code>h1</code> becomes <code>h2</code>: the page title is the work's)</li>
          <li>Lists (<code>ul</code>, <code>ol</code>, <code>dl</code>), block quotes, preformatted text</li>
          <li>Tables with captions, header cells, <code>colspan</code> and <code>rowspan</code></li>
          <li>Collapsible sections: <code>details</code> and <code>summary</code></li>
          <li>Links to <code>http</code>, <code>https</code> and <code>mailto</code> addresses (they open with <code>rel="nofollow ugc noopener"</code>)</li>
          <li><code>lang</code>, <code>dir</code> and <code>title</code> on any element, for text in other languages and scripts</li>
        </ul>
        <h2>Removed</h2>
        <p>Scripts, styles, event handlers, images, frames, forms, and links to <code>javascript:</code> or <code>data:</code> addresses are removed when you save.</p>
        <p>A chapter may be up to 510,000 characters long.</p>
      </section>
    </Layout>
  );
}
