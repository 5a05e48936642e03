import type { PageContext } from '../http/page-context.js';
import { Csrf } from '../ui/forms.js';
import { formatDateTime } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import type { ActiveSession } from './active-sessions.js';

/** The reader's signed-in browsers, with a way to sign each out, or all but this one. */
export function SessionsPage({ ctx, sessions, timeZone }: { readonly ctx: PageContext; readonly sessions: readonly ActiveSession[]; readonly timeZone: string }) {
  const others = sessions.filter((s) => !s.current).length;
  return (
    <Layout ctx={ctx} title="Active sessions">
      <section class="narrow">
        <h1>Active sessions</h1>
        <p class="muted">Browsers where you are signed in. Sign out any you do not recognise, then change your password.</p>
        <ul class="active-sessions">
          {sessions.map((s) => (
            <li>
              <p>
                <strong>{s.browser}</strong>
                {s.current ? <span class="muted"> (this browser)</span> : null}
              </p>
              <p class="muted">
                Signed in <time datetime={s.created_at}>{formatDateTime(s.created_at, timeZone)}</time> · session <code>{s.id}</code>
              </p>
              {s.current ? null : (
                <form method="post" action={`/settings/sessions/${s.id}/revoke`} class="inline-form">
                  <Csrf token={ctx.csrfToken} />
                  <button type="submit" class="button">Sign out this session</button>
                </form>
              )}
            </li>
          ))}
        </ul>
        {others > 0 ? (
          <form method="post" action="/settings/sessions/revoke-others">
            <Csrf token={ctx.csrfToken} />
            <button type="submit" class="button primary">Sign out everywhere else</button>
          </form>
        ) : (
          <p>You are signed in nowhere else.</p>
        )}
        <p>
          <a href="/settings">Back to settings</a>
        </p>
      </section>
    </Layout>
  );
}
