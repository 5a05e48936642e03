import { z } from 'zod';
import { emailSchema } from '../accounts/accounts.forms.js';

// Validation shared by the report form (/reports/new) and POST /api/v1/reports, and by the moderators' status and
// note forms and their API twins.

export const REPORT_TARGET_TYPES = ['work', 'chapter', 'comment', 'series', 'user'] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];

export const REPORT_CATEGORIES = ['spam', 'harassment', 'illegal', 'rating', 'copyright', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** What each category means, in the words the form and the queue use. */
export const CATEGORY_LABELS: Record<ReportCategory, string> = {
  spam: 'Spam',
  harassment: 'Harassment',
  illegal: 'Illegal content',
  rating: 'Wrong rating or warnings',
  copyright: 'Copyright',
  other: 'Other',
};

export const REPORT_STATUSES = ['open', 'in_progress', 'resolved', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const STATUS_LABELS: Record<ReportStatus, string> = { open: 'Open', in_progress: 'In progress', resolved: 'Resolved', dismissed: 'Dismissed' };

/** The longest report description and moderator note, in characters. */
export const DESCRIPTION_MAX = 5000;
export const NOTE_MAX = 5000;

const description = z
  .string({ error: 'Describe the problem.' })
  .trim()
  .min(1, 'Describe the problem.')
  .max(DESCRIPTION_MAX, `Descriptions are at most ${DESCRIPTION_MAX.toLocaleString('en')} characters.`);

/** A new report. `email` is required of guests only (checked by fileReport, which knows who is asking). */
export const reportInputSchema = z.object({
  target_type: z.enum(REPORT_TARGET_TYPES, { error: 'Choose what to report.' }),
  target_id: z.coerce.number({ error: 'Choose what to report.' }).int('Choose what to report.').min(1, 'Choose what to report.').max(2_147_483_647, 'Choose what to report.'),
  category: z.enum(REPORT_CATEGORIES, { error: 'Choose a category.' }),
  description,
  email: z.union([emailSchema, z.literal('')]).optional(),
  /** The honeypot: people never see it, so anything in it marks a robot. */
  website: z.unknown().optional(),
});
export type ReportInput = z.infer<typeof reportInputSchema>;

export const noteInputSchema = z.object({
  body: z.string({ error: 'Write the note.' }).trim().min(1, 'Write the note.').max(NOTE_MAX, `Notes are at most ${NOTE_MAX.toLocaleString('en')} characters.`),
  report_id: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
});

export const statusInputSchema = z.object({
  status: z.enum(REPORT_STATUSES, { error: 'Choose a status.' }),
  report_id: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
});

/** True for a known target type (URL segments are checked against it). */
export function isTargetType(value: string | undefined): value is ReportTargetType {
  return (REPORT_TARGET_TYPES as readonly string[]).includes(value ?? '');
}

/** Parses `?status=open,in_progress` (or repeated values); the default is open and in progress. */
export function statusFilter(values: readonly string[]): ReportStatus[] {
  const wanted = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v): v is ReportStatus => (REPORT_STATUSES as readonly string[]).includes(v));
  return wanted.length ? [...new Set(wanted)] : ['open', 'in_progress'];
}
