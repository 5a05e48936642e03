import MarkdownIt from 'markdown-it';
import { z } from 'zod';
import { sanitizeComment } from '../text/sanitize.js';
import { characterCount } from '../works/works.forms.js';

// Validation and rendering for comments, shared by the pages and the API.

export const MAX_COMMENT_CHARS = 10_000;
export const MAX_GUEST_NAME_CHARS = 100;
export const COMMENT_PERMISSIONS = ['everyone', 'registered', 'none'] as const;
export type CommentPermission = (typeof COMMENT_PERMISSIONS)[number];

const body = z
  .string({ error: 'The comment must be text.' })
  .refine((b) => b.trim().length > 0, 'Write a comment.')
  .refine((b) => b.length <= MAX_COMMENT_CHARS || characterCount(b) <= MAX_COMMENT_CHARS, `A comment is at most ${MAX_COMMENT_CHARS.toLocaleString('en')} characters.`);

export const commentBodySchema = z.object({ body });

export const guestFieldsSchema = z.object({
  guest_name: z
    .string({ error: 'Give a name to comment as a guest.' })
    .trim()
    .min(1, 'Give a name to comment as a guest.')
    .max(MAX_GUEST_NAME_CHARS, `Names are at most ${MAX_GUEST_NAME_CHARS} characters.`),
  guest_email: z
    .string({ error: 'Give an email address to comment as a guest (it is never shown).' })
    .trim()
    .min(1, 'Give an email address to comment as a guest (it is never shown).')
    .max(254, 'That email address is too long.')
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Give a valid email address, such as name@example.org.'),
});

// Raw HTML inside Markdown is allowed because the result is sanitized with the comment allowlist anyway.
const markdown = new MarkdownIt({ html: true, linkify: true, typographer: true, breaks: true });

/** Turns a submitted comment (Markdown, with some HTML) into stored, sanitized HTML. */
export function renderComment(source: string): string {
  return sanitizeComment(markdown.render(source));
}
