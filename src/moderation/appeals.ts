import { z } from 'zod';
import { isStaff } from '../admin/roles.js';
import { recordAudit } from '../admin/audit.js';
import type { Db } from '../db/connection.js';
import { isUniqueViolation, now } from '../db/dialect.js';
import type { User } from '../db/schema.js';
import { Conflict, Forbidden, NotFound, Unauthorized } from '../http/errors.js';
import { validate } from '../http/validation.js';
import { closeAppeal, findAppeal, findAppealFor, insertAppeal, insertAppealMessage, listAppealMessages, type AppealMessageRow, type AppealRow } from './appeals.queries.js';
import { TARGET_NOUN, isTargetType, type TargetType } from './moderation.policy.js';
import { loadTarget, notifyOwners, restoreInTransaction, type ModerationTarget } from './moderation.js';

// Appeals (issue 6): the author of hidden content appeals once per target, in a thread with the moderators, who
// decide: restored (the content is public again, audited) or upheld (it stays hidden). The outcome is recorded and
// the author is told. Only the moderator's reason is ever shown: never who reported the content.

export const MAX_MESSAGE_CHARS = 5000;

const messageField = z
  .string({ error: 'Write a message.' })
  .trim()
  .min(1, { error: 'Write a message.' })
  .max(MAX_MESSAGE_CHARS, { error: `Keep the message under ${MAX_MESSAGE_CHARS} characters.` });

const openSchema = z.object({
  target_type: z.string({ error: 'Choose what you are appealing about.' }).refine(isTargetType, { error: 'target_type is one of work, chapter, comment, series.' }),
  target_id: z.coerce.number({ error: 'target_id is a content id.' }).int({ error: 'target_id is a content id.' }).min(1, { error: 'target_id is a content id.' }).max(2_147_483_647, { error: 'target_id is a content id.' }),
  message: messageField,
});

const messageSchema = z.object({ message: messageField });

const decideSchema = z.object({
  outcome: z.enum(['restored', 'upheld'], { error: 'The outcome is restored or upheld.' }),
  outcome_text: z
    .string({ error: 'Explain the decision: the author will read it.' })
    .trim()
    .min(1, { error: 'Explain the decision: the author will read it.' })
    .max(MAX_MESSAGE_CHARS, { error: `Keep it under ${MAX_MESSAGE_CHARS} characters.` }),
});

/** An appeal with its thread and what it is about, as a participant sees it. */
export interface AppealView {
  readonly appeal: AppealRow;
  readonly target: ModerationTarget;
  readonly messages: readonly AppealMessageRow[];
}

/**
 * What an author may appeal: their own content that a moderator hid (not deleted content). Throws 401/403/404, or
 * 409 when it is not hidden; returns the target and any earlier appeal of theirs.
 */
export async function appealableTarget(db: Db, user: User | undefined, targetType: string | undefined, targetId: number): Promise<ModerationTarget> {
  if (!user) throw Unauthorized();
  if (!isTargetType(targetType)) throw NotFound('content');
  const target = await loadTarget(db, targetType, targetId);
  if (!target.ownerIds.includes(user.id)) throw Forbidden('Only the author of hidden content can appeal.');
  if (target.hiddenAt === null || target.deleted) throw Conflict(`That ${TARGET_NOUN[targetType]} is not hidden by a moderator: there is nothing to appeal.`);
  return target;
}

/** Opens the author's one appeal about a hidden target, with their first message; 409 for a second appeal. */
export async function openAppeal(db: Db, user: User, input: unknown): Promise<AppealRow> {
  const data = validate(openSchema, input);
  const type = data.target_type as TargetType;
  await appealableTarget(db, user, type, data.target_id);
  if (await findAppealFor(db, type, data.target_id, user.id)) throw alreadyAppealed();
  try {
    const id = await db.transaction().execute(async (trx) => {
      const at = now();
      const appeal = await insertAppeal(trx, { target_type: type, target_id: data.target_id, user_id: user.id, created_at: at });
      await insertAppealMessage(trx, { appeal_id: appeal.id, author_id: user.id, body: data.message, created_at: at });
      return appeal.id;
    });
    return (await findAppeal(db, id))!;
  } catch (error) {
    // Two submissions at once: the unique index appeals_once lets one through.
    if (isUniqueViolation(error)) throw alreadyAppealed();
    throw error;
  }
}

function alreadyAppealed() {
  return Conflict('You have already appealed this decision: each decision can be appealed once. Your appeal’s page has the thread.');
}

/** An appeal with its thread, for its author and the staff only (401 for guests, 403 for anyone else). */
export async function loadAppeal(db: Db, user: User | undefined, id: number): Promise<AppealView> {
  if (!user) throw Unauthorized();
  const appeal = await findAppeal(db, id);
  if (!appeal) throw NotFound('appeal');
  if (appeal.user_id !== user.id && !isStaff(user)) throw Forbidden('Only the author who appealed and the moderators can read an appeal.');
  const [target, messages] = await Promise.all([loadTarget(db, appeal.target_type as TargetType, appeal.target_id), listAppealMessages(db, id)]);
  return { appeal, target, messages };
}

/** Adds a message to an open appeal's thread, by its author or a moderator. */
export async function postAppealMessage(db: Db, user: User | undefined, id: number, input: unknown): Promise<number> {
  const { appeal } = await loadAppeal(db, user, id);
  const { message } = validate(messageSchema, input);
  if (appeal.status !== 'open') throw Conflict('This appeal has been decided: its thread is closed.');
  return insertAppealMessage(db, { appeal_id: id, author_id: user!.id, body: message, created_at: now() });
}

/**
 * A moderator decides an open appeal: `restored` makes the content public again (audited as a restore), `upheld`
 * leaves it hidden. The outcome text is recorded on the appeal and in the audit log, and the author is told.
 */
export async function decideAppeal(db: Db, moderator: User, id: number, input: unknown): Promise<AppealRow> {
  const data = validate(decideSchema, input);
  const appeal = await findAppeal(db, id);
  if (!appeal) throw NotFound('appeal');
  if (appeal.user_id === moderator.id) throw Forbidden('You cannot decide your own appeal: another moderator will.');
  await db.transaction().execute(async (trx) => {
    const at = now();
    if (!(await closeAppeal(trx, id, { status: data.outcome, outcome: data.outcome_text, decided_by: moderator.id, at }))) throw Conflict('This appeal has been decided already.');
    const type = appeal.target_type as TargetType;
    let target = await loadTarget(trx, type, appeal.target_id);
    // Content restored meanwhile (from the moderation page) needs no second restore: the appeal just records it.
    if (data.outcome === 'restored' && target.hiddenAt !== null && !target.deleted) target = await restoreInTransaction(trx, moderator, type, appeal.target_id, `Appeal granted: ${data.outcome_text}`);
    await insertAppealMessage(trx, { appeal_id: id, author_id: moderator.id, body: data.outcome_text, created_at: at });
    await recordAudit(trx, {
      actorId: moderator.id,
      action: 'appeal.decide',
      targetType: 'appeal',
      targetId: id,
      reason: data.outcome_text,
      before: { status: 'open' },
      after: { status: data.outcome },
      details: { target_type: type, target_id: appeal.target_id },
    });
    const verdict = data.outcome === 'restored' ? 'granted: it is public again' : 'not granted: it stays hidden';
    await notifyOwners(trx, { ...target, ownerIds: [appeal.user_id] }, `Your appeal about your ${TARGET_NOUN[type]} “${target.label}” was ${verdict}. ${data.outcome_text}`, `appeal:${id}`, at);
  });
  return (await findAppeal(db, id))!;
}
