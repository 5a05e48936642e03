import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Tag, Work } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { pageContext } from '../http/page-context.js';
import { isSubscribed } from './subscriptions.js';
import { SubscribeButton } from './subscriptions.views.js';

/** The work page's subscribe button (posted works, signed-in readers who are not its authors). */
export async function loadSubscribeAction(c: Context<AppEnv>, work: Work, authorIds: readonly number[]): Promise<Child | undefined> {
  const user = c.get('user');
  if (!user || work.posted !== 1 || authorIds.includes(user.id)) return undefined;
  const subscribed = await isSubscribed(c.get('services').db, user, 'work', work.id);
  return <SubscribeButton ctx={pageContext(c)} type="work" value={String(work.id)} subscribed={subscribed} label="this work" />;
}

/** The tag page's subscribe button (signed-in readers); a synonym's button follows its canonical tag. */
export async function loadTagSubscribeAction(c: Context<AppEnv>, tag: Pick<Tag, 'id' | 'name' | 'synonym_of_id'>): Promise<Child | undefined> {
  const user = c.get('user');
  if (!user) return undefined;
  const subscribed = await isSubscribed(c.get('services').db, user, 'tag', tag.synonym_of_id ?? tag.id);
  return <SubscribeButton ctx={pageContext(c)} type="tag" value={tag.name} subscribed={subscribed} label="this tag" />;
}
