import { findUserById } from '../accounts/users.queries.js';
import type { Config } from '../config.js';
import type { DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { Notification } from '../db/schema.js';
import { enqueueJob, type JobHandler } from '../jobs/jobs.js';
import { queueEmail } from '../mail/mailer.js';
import { findSubscriptionId } from '../subscriptions/subscriptions.queries.js';
import { unsubscribeUrl } from '../subscriptions/unsubscribe-links.js';
import { workAuthorIds } from '../works/works.queries.js';
import { digestEmail, newWorksEmail, notificationEmail } from './notification-email.js';
import { dailyDigestUserIds, markEmailed, notificationSubjects, unemailedNotifications } from './notifications.queries.js';

// Notification email: `email.notifications` sends each listed user (immediate, confirmed) one email per notification
// not yet emailed; `email.digest` sends each daily user one email of theirs, once a day. notifications.emailed_at
// and the outbox's dedupe keys make both safe to run again.

/** Enqueues the next daily digest (06:00 UTC), once per day whoever asks. */
export async function scheduleDigest(db: DbLike, after = new Date()): Promise<void> {
  const next = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), 6));
  if (next.getTime() <= after.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  const day = next.toISOString().slice(0, 10);
  await enqueueJob(db, 'email.digest', { day }, { dedupeKey: `email.digest:${day}`, runAt: next });
}

/** Which subscription a notification came from, for its unsubscribe link; undefined when it is gone. */
async function sourceSubscription(db: DbLike, userId: number, n: Notification): Promise<{ id: number; what: string } | undefined> {
  if (n.kind === 'chapter' && n.work_id !== null) {
    const id = await findSubscriptionId(db, userId, 'work', [n.work_id]);
    return id === undefined ? undefined : { id, what: 'you subscribed to this work' };
  }
  if (n.kind === 'series_part' && n.series_id !== null) {
    const id = await findSubscriptionId(db, userId, 'series', [n.series_id]);
    return id === undefined ? undefined : { id, what: 'you subscribed to this series' };
  }
  if (n.kind === 'tag_work' && n.tag_id !== null) {
    const id = await findSubscriptionId(db, userId, 'tag', [n.tag_id]);
    return id === undefined ? undefined : { id, what: 'you subscribed to this tag' };
  }
  if (n.kind === 'saved_search_work' && n.saved_search_id !== null) {
    const id = await findSubscriptionId(db, userId, 'saved_search', [n.saved_search_id]);
    return id === undefined ? undefined : { id, what: 'you subscribed to this saved search' };
  }
  if (n.kind === 'work' && n.work_id !== null) {
    const id = await findSubscriptionId(db, userId, 'user', await workAuthorIds(db, n.work_id));
    return id === undefined ? undefined : { id, what: 'you subscribed to this author' };
  }
  return undefined;
}

/** Kinds that announce a new work: when several wait at once they go out as one email (see NEW_WORKS_DIGEST_AT). */
const NEW_WORK_KINDS = new Set(['work', 'series_part', 'tag_work', 'saved_search_work']);

/**
 * From this many new-work notifications waiting for one reader at once (a busy tag, a bulk import), they are sent
 * as one "new works" email instead of one email each.
 */
export const NEW_WORKS_DIGEST_AT = 3;

/** The email jobs, given the configuration and the site secret that signs unsubscribe links. */
export function emailHandlers(config: Config, secret: string): ReadonlyArray<readonly [string, JobHandler]> {
  const immediate: JobHandler = async (payload, { db, log }) => {
    const userIds = Array.isArray(payload.user_ids) ? payload.user_ids.map(Number) : [];
    // One transaction for the batch: one commit instead of one per user (idempotent through emailed_at if retried).
    await db.transaction().execute(async (trx) => {
      for (const userId of userIds) {
        const user = await findUserById(trx, userId);
        if (!user || user.email_frequency !== 'immediate' || !user.email_confirmed_at) continue;
        const notes = await unemailedNotifications(trx, userId, 50);
        const subjects = await notificationSubjects(trx, notes);
        const visible = (n: Notification) => {
          const work = n.work_id !== null ? subjects.works.get(n.work_id) : undefined;
          return work !== undefined && !work.deleted && work.posted === 1;
        };
        const newWorks = notes.filter((n) => NEW_WORK_KINDS.has(n.kind) && visible(n));
        const together = newWorks.length >= NEW_WORKS_DIGEST_AT ? new Set(newWorks.map((n) => n.id)) : new Set<number>();
        if (together.size > 0) {
          await queueEmail(trx, config, log, newWorksEmail(config, user, newWorks, subjects, unsubscribeUrl(config, secret, { kind: 'email', userId })));
        }
        for (const n of notes) {
          if (together.has(n.id)) continue;
          if (visible(n)) {
            if (n.kind === 'comment' || n.kind === 'reply') {
              const url = unsubscribeUrl(config, secret, { kind: 'email', userId });
              await queueEmail(trx, config, log, notificationEmail(config, user, n, subjects, { url, what: 'you get email about comments (this link turns notification email off)' }));
            } else {
              const source = await sourceSubscription(trx, userId, n);
              if (source) await queueEmail(trx, config, log, notificationEmail(config, user, n, subjects, { url: unsubscribeUrl(config, secret, { kind: 'subscription', subscriptionId: source.id, userId }), what: source.what }));
            }
          }
        }
        await markEmailed(trx, notes.map((n) => n.id), now());
      }
    });
  };

  const digest: JobHandler = async (payload, { db, log }) => {
    const day = typeof payload.day === 'string' ? payload.day : now().slice(0, 10);
    let after = 0;
    for (;;) {
      const userIds = await dailyDigestUserIds(db, after, 200);
      if (userIds.length === 0) break;
      for (const userId of userIds) {
        await db.transaction().execute(async (trx) => {
          const user = (await findUserById(trx, userId))!;
          const notes = (await unemailedNotifications(trx, userId, 100)).filter((n) => n.created_at <= `${day}T23:59:59.999Z`);
          if (notes.length === 0) return;
          const subjects = await notificationSubjects(trx, notes);
          await queueEmail(trx, config, log, digestEmail(config, user, notes, subjects, unsubscribeUrl(config, secret, { kind: 'email', userId }), day));
          await markEmailed(trx, notes.map((n) => n.id), now());
        });
      }
      after = userIds[userIds.length - 1]!;
    }
    await scheduleDigest(db, new Date(Date.parse(`${day}T06:00:00Z`) + 1000));
  };

  return [
    ['email.notifications', immediate],
    ['email.digest', digest],
  ];
}
