import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Work } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { guestKey } from '../http/visitor.js';
import { isSharedRender } from '../http/shared-pages.js';
import { hasGuestKudos, hasUserKudos } from './kudos.queries.js';
import { kudosSummary } from './kudos.js';
import { KUDOS_KEY_PURPOSE } from './kudos.routes.js';
import { KudosButton, KudosList } from './kudos.views.js';

/** The Kudos button (not for the work's authors, nor on drafts) and the "who left kudos" line. */
export async function loadKudosExtras(c: Context<AppEnv>, work: Work, authorIds: readonly number[]): Promise<{ action?: Child; afterWork: Child }> {
  const { db } = c.get('services');
  const user = c.get('user');
  const summary = await kudosSummary(db, work, user);
  const afterWork = <KudosList summary={summary} />;
  if (work.posted === 0 || (user && authorIds.includes(user.id))) return { afterWork };
  // A shared render is every guest's: it cannot say whether this one guest already left kudos (a second try says so).
  const given = user ? await hasUserKudos(db, work.id, user.id) : isSharedRender(c) ? false : await hasGuestKudos(db, work.id, guestKey(c, KUDOS_KEY_PURPOSE));
  return { action: <KudosButton workId={work.id} csrfToken={c.get('csrfToken')} given={given} />, afterWork };
}
