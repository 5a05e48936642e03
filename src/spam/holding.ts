import type { Logger } from 'pino';
import { isStaff } from '../admin/roles.js';
import { cachedSiteSettings } from '../admin/site-settings.js';
import type { Config } from '../config.js';
import type { DbLike } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { countPublishedCommentsBy } from './held-comments.queries.js';
import { isSpam } from './spam-check.js';

// Which new comments wait for a site moderator (status 'held'): with the hold_first_link_comments setting on, a comment
// with a link from a guest or a new account (younger than NEW_ACCOUNT_DAYS, or fewer than TRUSTED_AFTER_COMMENTS
// published comments); and, when SPAM_CHECK_URL is set, any comment the spam check calls spam. The work's own authors
// and staff are never held. Held comments are shown only to their commenter until a moderator approves them.

export const NEW_ACCOUNT_DAYS = 7;
export const TRUSTED_AFTER_COMMENTS = 3;

const LINK = /\bhttps?:\/\/|\bwww\.|<a[\s>]/i;

/** True when any of the texts holds a link: http(s)://, www., or an <a> tag. */
export function containsLink(...texts: readonly (string | null | undefined)[]): boolean {
  return texts.some((text) => text !== null && text !== undefined && LINK.test(text));
}

/** Where a comment request came from, for the spam check (raw address and user agent are sent to it and not stored). */
export interface CommentOrigin {
  readonly ip: string;
  readonly userAgent: string;
  readonly log?: Pick<Logger, 'warn'>;
}

export interface HoldInput {
  readonly user: User | undefined;
  readonly origin: CommentOrigin | undefined;
  readonly isWorkAuthor: boolean;
  readonly body: string;
  readonly guestName: string | null;
  readonly guestEmail: string | null;
  readonly permalink?: string;
}

export type HoldReason = 'new_account_link' | 'spam_check';

/** Why a new comment should be held for a site moderator, or undefined to let it through. */
export async function holdReason(db: DbLike, config: Config, input: HoldInput, at: Date = new Date()): Promise<HoldReason | undefined> {
  if (input.isWorkAuthor || isStaff(input.user)) return undefined;
  const settings = await cachedSiteSettings(db, config);
  if (settings.hold_first_link_comments && containsLink(input.body, input.guestName) && (await isNewCommenter(db, input.user, at))) {
    return 'new_account_link';
  }
  if (config.spamCheckUrl) {
    const spam = await isSpam(
      config,
      {
        userIp: input.origin?.ip ?? '',
        userAgent: input.origin?.userAgent ?? '',
        author: input.user?.username ?? input.guestName ?? '',
        authorEmail: input.user?.email ?? input.guestEmail ?? '',
        content: input.body,
        ...(input.permalink ? { permalink: input.permalink } : {}),
      },
      input.origin?.log,
    );
    if (spam) return 'spam_check';
  }
  return undefined;
}

/** Guests, accounts younger than NEW_ACCOUNT_DAYS, and accounts with few published comments. */
async function isNewCommenter(db: DbLike, user: User | undefined, at: Date): Promise<boolean> {
  if (!user) return true;
  if (at.getTime() - Date.parse(user.created_at) < NEW_ACCOUNT_DAYS * 86_400_000) return true;
  return (await countPublishedCommentsBy(db, user.id)) < TRUSTED_AFTER_COMMENTS;
}
