import { Hono } from 'hono';
import { hasNoAdmin } from '../accounts/users.queries.js';
import { viewerMutes } from '../blocks/muting.js';
import { viewerExcludedTags } from '../exclusions/exclusions.js';
import type { AppEnv } from '../http/env.js';
import { pageContext } from '../http/page-context.js';
import { Layout } from '../ui/layout.js';
import { WorkBlurb } from '../ui/work-blurb.js';
import { loadWorkDetails } from '../works/work-details.js';
import { listPostedWorks } from '../works/works.queries.js';
import { FormattingPage } from './formatting.views.js';

/** The front page and the formatting help page. */
export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', async (c) => {
  const { db } = c.get('services');
  const ctx = pageContext(c);
  const empty = !ctx.user && (await hasNoAdmin(db));
  const [excludeAuthorIds, excludeTagIds] = await Promise.all([viewerMutes(db, ctx.user), viewerExcludedTags(db, ctx.user)]);
  const details = await loadWorkDetails(db, await listPostedWorks(db, { limit: 10, excludeAuthorIds, excludeTagIds }));
  return c.html(
    <Layout ctx={ctx} title="Chapterhouse">
      <section class="intro">
        <h1>{ctx.siteName}</h1>
        {/* The description administrators set at /admin/settings. */}
        {c.get('settings').site_description ? <p class="lede">{c.get('settings').site_description}</p> : null}
      </section>
      {empty ? (
        <section class="callout setup" aria-labelledby="setup-heading">
          <h2 id="setup-heading">Set up this archive</h2>
          <p>This archive has no administrator yet. The next account created becomes its administrator:</p>
          <ul>
            {/* With REGISTRATION=closed the sign-up page answers 403, so only the CLI can create the admin. */}
            {ctx.registrationOpen ? (
              <li>
                <a href="/signup">Create the administrator account</a> in the browser, or
              </li>
            ) : null}
            <li>
              run <code>npx chapterhouse user create --admin --username NAME --email ADDRESS</code> on the server.
            </li>
          </ul>
          <p>
            To look around with sample stories first, run <code>npx chapterhouse demo</code>.
          </p>
        </section>
      ) : null}
      <section class="listing" aria-labelledby="latest-heading">
        <h2 id="latest-heading">Latest updates</h2>
        {details.length === 0 ? (
          <p class="muted">Nothing has been posted yet.</p>
        ) : (
          <ol class="blurbs">
            {details.map((d) => (
              <li><WorkBlurb details={d} timeZone={ctx.user?.time_zone ?? 'UTC'} headingLevel={3} /></li>
            ))}
          </ol>
        )}
        <p>
          <a href="/works">All works →</a>
        </p>
      </section>
    </Layout>,
  );
});

homeRoutes.get('/formatting', (c) => c.html(<FormattingPage ctx={pageContext(c)} />));
