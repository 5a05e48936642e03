import type { DbLike } from '../db/connection.js';
import type { OutboxMessage } from '../db/schema.js';

/** Writes a message to the outbox; with a dedupe key already used, writes nothing. Returns the new id, if any. */
export async function insertOutboxMessage(
  db: DbLike,
  message: { user_id: number | null; to_address: string; subject: string; text_body: string; html_body: string; headers: string; message_id: string; dedupe_key: string | null; created_at: string },
): Promise<number | undefined> {
  const row = await db.insertInto('outbox').values(message).onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id').executeTakeFirst();
  return row?.id;
}

/** One outbox message. */
export async function findOutboxMessage(db: DbLike, id: number): Promise<OutboxMessage | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records the outcome of a delivery attempt. */
export async function updateOutboxDelivery(db: DbLike, id: number, changes: { sent_at?: string; error: string | null }): Promise<void> {
  await db.updateTable('outbox').set(changes).where('id', '=', id).execute();
}

/** The newest outbox messages, for the admin page. */
export async function listOutbox(db: DbLike, limit: number, offset: number): Promise<OutboxMessage[]> {
  return db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

/** How many messages the outbox holds. */
export async function countOutbox(db: DbLike): Promise<number> {
  const row = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
