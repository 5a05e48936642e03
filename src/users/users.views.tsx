import { FeedHeadLink, FeedLink } from '../feeds/feed-links.js';
import { MutedAuthorNotice, RelationButtons } from '../blocks/blocks.views.js';
import { SubscribeButton } from '../subscriptions/subscriptions.views.js';
import type { Series, User } from '../db/schema.js';
import type { PageContext } from '../http/page-context.js';
import { formatDate } from '../ui/format.js';
import { Layout } from '../ui/layout.js';
import { Pagination } from '../ui/pagination.js';
import { WorkBlurb } from '../ui/work-blurb.js';
import type { WorkDetails } from '../works/work-details.js';
import { ReportLink } from '../reports/reports.views.js';

/** The tabs on a user's pages. */
export function ProfileNav({ user, current }: { readonly user: User; readonly current: 'profile' | 'works' | 'series' | 'bookmarks' }) {
  const base = `/users/${encodeURIComponent(user.username)}`;
  const link = (href: string, label: string, key: typeof current) => (
    <li>
      <a href={href} aria-current={current === key ? 'page' : undefined}>{label}</a>
    </li>
  );
  return (
    <nav class="subnav" aria-label={`${user.username}’s pages`}>
      <ul>
        {link(base, 'Profile', 'profile')}
        {link(`${base}/works`, 'Works', 'works')}
        {link(`${base}/series`, 'Series', 'series')}
        {link(`${base}/bookmarks`, 'Bookmarks', 'bookmarks')}
      </ul>
    </nav>
  );
}

function SeriesList({ series }: { readonly series: readonly Series[] }) {
  return (
    <ul class="series-list">
      {series.map((s) => (
        <li>
          <a href={`/series/${s.id}`}>{s.title}</a>
          {s.complete ? <span class="badge">Complete</span> : null}
          {s.summary ? <p class="summary">{s.summary}</p> : null}
        </li>
      ))}
    </ul>
  );
}

export interface UserPageProps {
  readonly ctx: PageContext;
  readonly user: User;
  readonly works: readonly WorkDetails[];
  readonly totalWorks: number;
  readonly series: readonly Series[];
  readonly own: boolean;
  /** Whether the signed-in reader blocked and muted this author (both false for guests and the author). */
  readonly relations?: { readonly blocked: boolean; readonly muted: boolean };
  /** Whether the signed-in reader subscribes to this author's new works. */
  readonly subscribed?: boolean;
}

/** An author's profile: name, bio, recent works and series. */
export function UserPage({ ctx, user, works, totalWorks, series, own, relations, subscribed = false }: UserPageProps) {
  const tz = ctx.user?.time_zone ?? 'UTC';
  return (
    <Layout ctx={ctx} title={user.username} head={<FeedHeadLink href={`/users/${encodeURIComponent(user.username)}/feed.atom`} title={`Works by ${user.username}`} />}>
      <section class="profile">
        <h1>
          {user.display_name || user.username}
          {user.display_name ? <span class="muted"> ({user.username})</span> : null}
        </h1>
        <ProfileNav user={user} current="profile" />
        {user.bio ? <p class="preserve bio">{user.bio}</p> : null}
        <p class="muted">Joined {formatDate(user.created_at, tz)} · <FeedLink href={`/users/${encodeURIComponent(user.username)}/feed.atom`} title={`Works by ${user.username}`} /></p>
        {own ? (
          <p>
            <a class="button primary" href="/works/new">Post a work</a> <a class="button" href="/works/import">Import a work</a> <a class="button" href="/series/new">New series</a> <a class="button" href="/settings">Edit profile</a>
          </p>
        ) : null}
        {ctx.user && !own ? <SubscribeButton ctx={ctx} type="user" value={user.username} subscribed={subscribed} label={user.username} /> : null}
        {ctx.user && !own ? <RelationButtons ctx={ctx} other={user} blocked={relations?.blocked ?? false} muted={relations?.muted ?? false} /> : null}
        {!own ? (
          <p class="report-actions">
            <ReportLink type="user" id={user.id} label="Report this account" />
          </p>
        ) : null}
      </section>
      {relations?.muted ? (
        <MutedAuthorNotice ctx={ctx} other={user} />
      ) : (
        <section class="listing" aria-labelledby="recent-works">
          <h2 id="recent-works">Recent works ({totalWorks})</h2>
          {works.length === 0 ? <p class="muted">No works yet.</p> : null}
          <ol class="blurbs">
            {works.map((d) => (
              <li><WorkBlurb details={d} timeZone={tz} headingLevel={3} /></li>
            ))}
          </ol>
          {totalWorks > works.length ? (
            <p>
              <a href={`/users/${encodeURIComponent(user.username)}/works`}>All {totalWorks} works →</a>
            </p>
          ) : null}
        </section>
      )}
      <section aria-labelledby="series-heading">
        <h2 id="series-heading">Series ({series.length})</h2>
        {series.length === 0 ? <p class="muted">No series yet.</p> : <SeriesList series={series} />}
      </section>
    </Layout>
  );
}

/** All of an author's works, paginated. */
export function UserWorksPage({ ctx, user, works, total, page, perPage, muted = false }: { readonly ctx: PageContext; readonly user: User; readonly works: readonly WorkDetails[]; readonly total: number; readonly page: number; readonly perPage: number; readonly muted?: boolean }) {
  return (
    <Layout ctx={ctx} title={`Works by ${user.username}`}>
      <section class="listing">
        <h1>Works by {user.username}</h1>
        <ProfileNav user={user} current="works" />
        {/* A muted author's works stay hidden even here, so the mute is never undone by following a link. */}
        {muted ? (
          <MutedAuthorNotice ctx={ctx} other={user} />
        ) : (
          <>
            <p class="listing-count">{total === 1 ? '1 work' : `${total} works`}</p>
            <ol class="blurbs">
              {works.map((d) => (
                <li><WorkBlurb details={d} timeZone={ctx.user?.time_zone ?? 'UTC'} /></li>
              ))}
            </ol>
            <Pagination page={page} total={total} perPage={perPage} basePath={`/users/${encodeURIComponent(user.username)}/works`} />
          </>
        )}
      </section>
    </Layout>
  );
}

/** All of an author's series. */
export function UserSeriesPage({ ctx, user, series, own }: { readonly ctx: PageContext; readonly user: User; readonly series: readonly Series[]; readonly own: boolean }) {
  return (
    <Layout ctx={ctx} title={`Series by ${user.username}`}>
      <section>
        <h1>Series by {user.username}</h1>
        <ProfileNav user={user} current="series" />
        {own ? (
          <p>
            <a class="button" href="/series/new">New series</a>
          </p>
        ) : null}
        {series.length === 0 ? <p class="muted">No series yet.</p> : <SeriesList series={series} />}
      </section>
    </Layout>
  );
}
