import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Chapter, Work } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { sign } from '../http/crypto.js';
import { clientIp } from '../http/client-ip.js';
import { visitorCookie } from '../http/visitor.js';
import { isSharedRender } from '../http/shared-pages.js';
import { continueReading, isMarkedForLater, recordVisit } from './history.js';

/**
 * Records the visit (hit and history) and returns the "Continue reading" line and the "Mark for later" button.
 * The continue line is computed before this visit is recorded, so it points at where the reader was.
 */
export async function loadHistoryExtras(c: Context<AppEnv>, work: Work, authorIds: readonly number[], chapters: readonly Chapter[]): Promise<{ action?: Child; afterMeta?: Child }> {
  const { db, secret } = c.get('services');
  const user = c.get('user');
  const resume = await continueReading(db, user, work, chapters);
  // A signed-in visitor is the same visitor on every device; a guest is their address (as on AO3), so a client that
  // drops cookies cannot inflate the count, while the visitor cookie is still issued for guest kudos later.
  await recordVisit(db, work, authorIds, chapters, user, () => {
    if (user) return sign(secret, `hits:user:${user.id}`);
    c.set('hitWorkId', work.id);
    if (!isSharedRender(c)) visitorCookie(c, true);
    return sign(secret, `hits:ip:${clientIp(c)}`);
  });
  const afterMeta = resume ? (
    <p class="continue-reading">
      <a class="button" href={`/works/${work.id}/chapters/${resume.chapter_position}`}>Continue reading: Chapter {resume.chapter_position}</a>
    </p>
  ) : undefined;
  if (!user || work.posted === 0) return afterMeta ? { afterMeta } : {};
  const marked = await isMarkedForLater(db, user, work.id);
  const action = (
    <form method="post" action={`/works/${work.id}/later`} class="inline-form">
      <input type="hidden" name="_csrf" value={c.get('csrfToken')} />
      <input type="hidden" name="marked" value={marked ? '0' : '1'} />
      <button type="submit" class="button">{marked ? 'Remove from later' : 'Mark for later'}</button>
    </form>
  );
  return afterMeta ? { action, afterMeta } : { action };
}
