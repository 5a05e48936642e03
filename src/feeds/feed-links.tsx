// How pages point at their Atom feed: a `<link rel="alternate">` in the head for feed readers and browsers, and
// a visible link for people.

export interface FeedLinkProps {
  /** The feed's path, e.g. `/users/ada/feed.atom`. */
  readonly href: string;
  /** What the feed follows, e.g. "Works by ada". */
  readonly title: string;
}

/** The `<head>` link feed readers discover. */
export function FeedHeadLink({ href, title }: FeedLinkProps) {
  return <link rel="alternate" type="application/atom+xml" title={title} href={href} />;
}

/** A visible link to the feed, named for screen readers by what it follows. */
export function FeedLink({ href, title }: FeedLinkProps) {
  return (
    <a class="feed-link" href={href} type="application/atom+xml">
      Feed<span class="visually-hidden">: {title} (Atom)</span>
    </a>
  );
}
