import type { PageContext } from '../http/page-context.js';
import { Layout } from '../ui/layout.js';
import type { WorkDetails } from './work-details.js';

export interface AdultGateProps {
  readonly ctx: PageContext;
  readonly details: WorkDetails;
  /** The page the reader asked for, with view_adult=true added. */
  readonly proceedUrl: string;
}

/** The interstitial shown before a Mature, Explicit or Not Rated work. */
export function AdultGatePage({ ctx, details, proceedUrl }: AdultGateProps) {
  const { work, warnings } = details;
  return (
    <Layout ctx={ctx} title={`Content warning: ${work.title}`} head={<meta name="robots" content="noindex" />}>
      <section class="narrow adult-gate">
        <h1>This work could have adult content</h1>
        <p>
          <strong>{work.title}</strong> is rated <strong>{work.rating}</strong>. If you continue, you agree that you are willing to see such content.
        </p>
        <h2>Archive warnings</h2>
        <ul>
          {warnings.map((w) => (
            <li>{w}</li>
          ))}
        </ul>
        <p class="gate-actions">
          <a class="button primary" href={proceedUrl}>Proceed</a>
          <a class="button" href="/works">Go back</a>
        </p>
        {ctx.user ? (
          <p class="muted">
            To stop seeing this message, turn on adult content in your <a href="/settings">settings</a>.
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
