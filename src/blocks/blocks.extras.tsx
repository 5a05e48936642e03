import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Work } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { authorsForWorks, workAuthorIds } from '../works/works.queries.js';
import { mutedUserIds } from './blocks.queries.js';
import { MutedWorkNotice } from './blocks.views.js';

/**
 * On the reading page of a work by an author the reader muted: a notice saying so. The work itself stays
 * readable, since the reader opened it on purpose (a link from elsewhere); it is hidden from every listing.
 */
export async function loadMutedWorkNotice(c: Context<AppEnv>, work: Work): Promise<Child | null> {
  const viewer = c.get('user');
  if (!viewer) return null;
  const { db } = c.get('services');
  const muted = new Set(await mutedUserIds(db, viewer.id));
  if (muted.size === 0) return null;
  const ids = await workAuthorIds(db, work.id);
  if (!ids.some((id) => muted.has(id))) return null;
  // Names in credit order, keeping those of muted authors only.
  const names = (await authorsForWorks(db, [work.id])).get(work.id) ?? [];
  const mutedNames = names.filter((_, i) => muted.has(ids[i]!));
  return <MutedWorkNotice names={mutedNames} />;
}
