import { z } from 'zod';
import { findUserByUsername } from '../accounts/users.queries.js';
import type { DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { NotFound, ValidationFailed } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { findSavedSearch } from '../saved-searches/saved-searches.queries.js';
import { findSeries } from '../series/series.queries.js';
import { findTagById, findTagByKey } from '../tags/tags.queries.js';
import { tagKey } from '../works/tag-names.js';
import { findWork, workAuthorIds } from '../works/works.queries.js';
import { hiddenFrom } from '../moderation/moderation.policy.js';
import { deleteSubscription, findSubscriptionId, insertSubscription, type TargetType } from './subscriptions.queries.js';

// Subscriptions: a reader follows a work (new chapters), a series (new parts), an author (new works), a tag (new
// works under it, through synonyms and sub tags) or one of their own saved searches (new works that match it).

const targetSchema = z
  .object({
    work_id: z.coerce.number({ error: 'work_id is a work id.' }).int().positive().optional(),
    series_id: z.coerce.number({ error: 'series_id is a series id.' }).int().positive().optional(),
    username: z.string().trim().min(1).max(100).optional(),
    tag: z.string().trim().min(1, { error: 'Enter a tag name.' }).max(200, { error: 'No tag has that name.' }).optional(),
    saved_search_id: z.coerce.number({ error: 'saved_search_id is a saved search id.' }).int().positive().optional(),
  })
  .refine((v) => [v.work_id, v.series_id, v.username, v.tag, v.saved_search_id].filter((x) => x !== undefined).length === 1, {
    error: 'Give exactly one of work_id, series_id, username, tag or saved_search_id.',
  });

export interface Target {
  readonly type: TargetType;
  readonly id: number;
}

/**
 * Resolves untrusted `{work_id} | {series_id} | {username} | {tag} | {saved_search_id}` to something `user` may follow
 * (404 when it is not there, or is someone else's saved search). A synonym tag resolves to its canonical tag.
 */
export async function resolveTarget(db: DbLike, input: unknown, user: User): Promise<Target> {
  const data = validate(targetSchema, input);
  if (data.tag !== undefined) {
    const tag = await findTagByKey(db, tagKey(data.tag));
    if (!tag) throw NotFound('tag');
    const target = tag.synonym_of_id !== null ? ((await findTagById(db, tag.synonym_of_id)) ?? tag) : tag;
    return { type: 'tag', id: target.id };
  }
  if (data.saved_search_id !== undefined) {
    const saved = await findSavedSearch(db, data.saved_search_id);
    if (!saved || saved.user_id !== user.id) throw NotFound('saved search');
    return { type: 'saved_search', id: saved.id };
  }
  if (data.work_id !== undefined) {
    const work = await findWork(db, data.work_id);
    // Hidden by a moderator: not found for anyone but its authors and the staff (issue 6), as on the work's page.
    if (!work || work.deleted_at || work.posted !== 1 || hiddenFrom(user, work.hidden_at, await workAuthorIds(db, work.id))) throw NotFound('work');
    return { type: 'work', id: work.id };
  }
  if (data.series_id !== undefined) {
    const series = await findSeries(db, data.series_id);
    if (!series || series.deleted_at || hiddenFrom(user, series.hidden_at, [series.user_id])) throw NotFound('series');
    return { type: 'series', id: series.id };
  }
  const author = await findUserByUsername(db, data.username!);
  if (!author) throw NotFound('user');
  return { type: 'user', id: author.id };
}

/** Follows a target; subscribing twice is a no-op. */
export async function subscribe(db: DbLike, user: User, input: unknown): Promise<Target> {
  const target = await resolveTarget(db, input, user);
  if (target.type === 'user' && target.id === user.id) throw ValidationFailed({ username: 'You cannot subscribe to yourself.' });
  await insertSubscription(db, user.id, target.type, target.id, now());
  return target;
}

/** Stops following a target; unsubscribing twice is a no-op. */
export async function unsubscribe(db: DbLike, user: User, input: unknown): Promise<Target> {
  const target = await resolveTarget(db, input, user);
  await deleteSubscription(db, user.id, target.type, target.id);
  return target;
}

/** Whether `user` follows the target. */
export async function isSubscribed(db: DbLike, user: User | undefined, type: TargetType, id: number): Promise<boolean> {
  if (!user) return false;
  return (await findSubscriptionId(db, user.id, type, [id])) !== undefined;
}
