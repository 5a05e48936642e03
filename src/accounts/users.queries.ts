import type { DbLike } from '../db/connection.js';
import type { NewUser, User, UserUpdate } from '../db/schema.js';

/** The user with this id. */
export async function findUserById(db: DbLike, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The user with this username, case-insensitively. */
export async function findUserByUsername(db: DbLike, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username_key', '=', username.toLowerCase()).executeTakeFirst();
}

/** The first user with this email address, case-insensitively (emails are not unique). */
export async function findUserByEmail(db: DbLike, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).orderBy('id').executeTakeFirst();
}

/** True when the archive has no administrator yet (a new site, or one holding only demo accounts). */
export async function hasNoAdmin(db: DbLike): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('is_admin', '=', 1).limit(1).executeTakeFirst();
  return row === undefined;
}

/** Inserts a user and returns it. */
export async function insertUser(db: DbLike, user: NewUser): Promise<User> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

/** Updates a user's columns. */
export async function updateUser(db: DbLike, id: number, changes: UserUpdate): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Usernames for a set of user ids, keyed by id. */
export async function usernamesByIds(db: DbLike, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.username]));
}
