import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { PageContext } from '../http/page-context.js';
import { script, stylesheet } from './assets.js';
import { isStaff, isSuspended } from '../admin/roles.js';
import { formatDateTime } from './format.js';

export interface LayoutProps {
  readonly ctx: PageContext;
  readonly title: string;
  readonly children?: Child;
  /** Extra `<head>` content, such as `<meta name="robots">`. */
  readonly head?: Child;
  /** Set on reading pages to widen the measure a little less and give text more room. */
  readonly reading?: boolean;
}

/** The page frame: header with navigation, flash message, main landmark, footer. */
export function Layout({ ctx, title, children, head, reading }: LayoutProps) {
  const user = ctx.user;
  return (
    <>
    {raw('<!DOCTYPE html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{title === 'Chapterhouse' || title === ctx.siteName ? ctx.siteName : `${title} · ${ctx.siteName}`}</title>
        <link rel="stylesheet" href={stylesheet.url} />
        <script type="module" src={script.url}></script>
        {head}
      </head>
      <body class={reading ? 'reading' : undefined}>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
          <div class="site-header-inner">
            <a class="brand" href="/">{ctx.siteName}</a>
            <nav aria-label="Site">
              <ul class="nav-list">
                <li><a href="/works">Works</a></li>
                {user ? (
                  <>
                    <li><a href="/works/new">Post a work</a></li>
                    <li><a href="/inbox">Inbox{user.unread_notifications > 0 ? <> <span class="unread-count">{user.unread_notifications}<span class="visually-hidden"> unread</span></span></> : null}</a></li>
                    <li><a href={`/users/${encodeURIComponent(user.username)}`}>{user.username}</a></li>
                    <li><a href={`/users/${encodeURIComponent(user.username)}/bookmarks`}>Bookmarks</a></li>
                    <li><a href="/history">History</a></li>
                    <li><a href="/settings">Settings</a></li>
                    {user.is_wrangler === 1 || user.is_admin === 1 ? <li><a href="/wrangling">Wrangling</a></li> : null}
                    {isStaff(user) ? <li><a href="/admin">Admin</a></li> : null}
                    <li>
                      <form method="post" action="/logout" class="inline-form">
                        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                        <button type="submit" class="link-button">Log out</button>
                      </form>
                    </li>
                  </>
                ) : (
                  <>
                    <li><a href={`/login?return_to=${encodeURIComponent(ctx.path)}`}>Log in</a></li>
                    {ctx.registrationOpen ? <li><a href="/signup">Sign up</a></li> : null}
                  </>
                )}
              </ul>
            </nav>
            <form class="site-search" method="get" action="/search" role="search">
              <label for="site-search-q" class="visually-hidden">Search works</label>
              <input type="search" id="site-search-q" name="q" maxlength={500} placeholder="Search works" />
              <button type="submit">Search</button>
            </form>
          </div>
        </header>
        {user && isSuspended(user) ? (
          <div class="suspension-banner" role="note">
            <p>
              Your account is suspended until <time datetime={user.suspended_until!}>{formatDateTime(user.suspended_until, user.time_zone)}</time>. You can
              still read, export your works and change your settings, but not post, comment, leave kudos, bookmark or subscribe.
            </p>
            {user.suspension_reason ? <p>Reason: {user.suspension_reason}</p> : null}
          </div>
        ) : null}
        {ctx.flash ? (
          <div class="flash" role="status">
            <p>{ctx.flash}</p>
          </div>
        ) : null}
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>
            {ctx.siteName} · <a href="/api/v1/openapi.json">API</a> · <a href="/works">All works</a> · <a href="/opds">OPDS catalog for e-readers</a>
          </p>
        </footer>
      </body>
    </html>
    </>
  );
}
