import type { Config } from '../config.js';
import type { Notification, User } from '../db/schema.js';
import type { Email } from '../mail/mailer.js';
import { describeNotification } from './describe.js';
import type { NotificationSubjects } from './notifications.queries.js';

// The notification emails: plain text and HTML (every interpolated value escaped), one-click unsubscribe.

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function wrapHtml(body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Chapterhouse</title></head><body style="font-family:Georgia,serif;line-height:1.5;color:#1f1f1f">${body}</body></html>`;
}

/** The email for one notification, sent at once. */
export function notificationEmail(config: Config, user: User, n: Notification, subjects: NotificationSubjects, unsubscribe: { url: string; what: string }): Email {
  const { text, path } = describeNotification(n, subjects);
  const link = `${config.baseUrl}${path}`;
  return {
    userId: user.id,
    to: user.email,
    subject: text,
    text: `${text}.\n\nRead it: ${link}\n\n—\nYou receive this because ${unsubscribe.what}.\nUnsubscribe with one click: ${unsubscribe.url}\nInbox: ${config.baseUrl}/inbox\n`,
    html: wrapHtml(
      `<p>${escapeHtml(text)}.</p><p><a href="${escapeHtml(link)}">Read it on Chapterhouse</a></p><hr><p style="font-size:0.9em">You receive this because ${escapeHtml(unsubscribe.what)}. <a href="${escapeHtml(unsubscribe.url)}">Unsubscribe</a> · <a href="${escapeHtml(config.baseUrl)}/inbox">Inbox</a></p>`,
    ),
    headers: unsubscribeHeaders(unsubscribe.url),
    dedupeKey: `notification:${n.id}`,
  };
}

/** The daily digest: every notification not yet emailed, in one message. */
export function digestEmail(config: Config, user: User, notes: readonly Notification[], subjects: NotificationSubjects, unsubscribeUrl: string, day: string): Email {
  const items = notes.map((n) => {
    const d = describeNotification(n, subjects);
    return { text: d.text, link: `${config.baseUrl}${d.path}` };
  });
  const subject = `Your Chapterhouse digest: ${items.length} new ${items.length === 1 ? 'notification' : 'notifications'}`;
  return {
    userId: user.id,
    to: user.email,
    subject,
    text: `${subject}\n\n${items.map((i) => `* ${i.text}\n  ${i.link}`).join('\n')}\n\n—\nYou receive a daily digest of your notifications.\nStop notification email with one click: ${unsubscribeUrl}\n`,
    html: wrapHtml(
      `<h1 style="font-size:1.2em">${escapeHtml(subject)}</h1><ul>${items.map((i) => `<li><a href="${escapeHtml(i.link)}">${escapeHtml(i.text)}</a></li>`).join('')}</ul><hr><p style="font-size:0.9em">You receive a daily digest of your notifications. <a href="${escapeHtml(unsubscribeUrl)}">Stop notification email</a></p>`,
    ),
    headers: unsubscribeHeaders(unsubscribeUrl),
    dedupeKey: `digest:${user.id}:${day}:${notes[0]?.id ?? 0}`,
  };
}

/**
 * Several new works at once (a busy tag or saved search, a bulk import): one email listing them all, with the
 * link that turns notification email off (each work may have come from a different subscription).
 */
export function newWorksEmail(config: Config, user: User, notes: readonly Notification[], subjects: NotificationSubjects, unsubscribeUrl: string): Email {
  const items = notes.map((n) => {
    const d = describeNotification(n, subjects);
    return { text: d.text, link: `${config.baseUrl}${d.path}` };
  });
  const subject = `${items.length} new works for you on Chapterhouse`;
  return {
    userId: user.id,
    to: user.email,
    subject,
    text: `${subject}\n\n${items.map((i) => `* ${i.text}\n  ${i.link}`).join('\n')}\n\n—\nYou receive this because you subscribed to these works' authors, series, tags or saved searches. Manage them: ${config.baseUrl}/subscriptions\nStop notification email with one click: ${unsubscribeUrl}\n`,
    html: wrapHtml(
      `<h1 style="font-size:1.2em">${escapeHtml(subject)}</h1><ul>${items.map((i) => `<li><a href="${escapeHtml(i.link)}">${escapeHtml(i.text)}</a></li>`).join('')}</ul><hr><p style="font-size:0.9em">You receive this because you subscribed to these works' authors, series, tags or saved searches. <a href="${escapeHtml(config.baseUrl)}/subscriptions">Manage subscriptions</a> · <a href="${escapeHtml(unsubscribeUrl)}">Stop notification email</a></p>`,
    ),
    headers: unsubscribeHeaders(unsubscribeUrl),
    dedupeKey: `new-works:${user.id}:${notes[0]?.id ?? 0}`,
  };
}
