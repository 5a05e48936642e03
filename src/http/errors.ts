// The one error catalogue. Route and domain code throws these; src/http/error-handler.ts renders them as an
// HTML page or as the API's JSON error body. Codes are stable: clients may rely on them.

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const BadRequest = (message = 'The request could not be understood.') => new AppError(400, 'bad_request', message);
export const MalformedJson = () => new AppError(400, 'malformed_json', 'The request body is not valid JSON.');
export const Unauthorized = (message = 'You need to sign in to do that.') => new AppError(401, 'unauthorized', message);
export const InvalidToken = () => new AppError(401, 'invalid_token', 'The access token is unknown, expired or revoked.');
export const Forbidden = (message = 'You are not allowed to do that.') => new AppError(403, 'forbidden', message);
export const CsrfFailed = () =>
  new AppError(403, 'csrf_failed', 'The form expired or did not come from this site. Reload the page and try again.');
export const RegistrationClosed = () => new AppError(403, 'registration_closed', 'Sign-up is closed on this archive.');
export const NotFound = (what = 'page') => new AppError(404, 'not_found', `That ${what} does not exist.`);
export const Gone = (what = 'work') => new AppError(410, 'gone', `That ${what} has been deleted.`);
export const Conflict = (message: string) => new AppError(409, 'conflict', message);
export const PayloadTooLarge = () => new AppError(413, 'payload_too_large', 'The request is larger than this archive accepts.');
export const UnsupportedMediaType = (message = 'Send JSON with Content-Type: application/json.') =>
  new AppError(415, 'unsupported_media_type', message);
export const ValidationFailed = (fields: FieldErrors, message = 'Some fields need attention.') =>
  new AppError(422, 'validation_failed', message, fields);
/** An uploaded file that cannot be imported (hostile, damaged or empty); `fields.file` carries the message for the form. */
export const ImportRefused = (message: string) => new AppError(422, 'import_refused', message, { file: message });
export const TooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', 'Too many attempts. Wait a little and try again.', undefined, retryAfterSeconds);

/** True for errors from the catalogue. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

// Personal exports and leaving (issue 5).
export const ExportPending = () =>
  new AppError(429, 'export_pending', 'Your previous export is still being prepared. You will be notified when it is ready.', undefined, 60);
export const ExportExpired = () => new AppError(410, 'export_expired', 'That download link has expired. Request a new export from your settings.');

// Downloads (issue 5).
/** A Mature, Explicit or Not Rated work asked for without the reader's agreement (API clients; pages show the gate). */
export const AdultContentGated = () =>
  new AppError(403, 'adult_content', 'This work is behind the adult-content notice. Add view_adult=true to agree, or turn on adult content in your settings.');

// OPDS catalog (issue 5).
/** HTTP Basic credentials on a write: browsers replay Basic credentials cross-site, so they may only read. */
export const BasicCredentialsReadOnly = () =>
  new AppError(401, 'invalid_token', 'HTTP Basic credentials are accepted for reading only. Send the token as `Authorization: Bearer <token>` to make changes.');

// Site settings and invitations (issue 6 §1, §3).
/** Sign-up while registration is invite-only, without an invitation link. */
export const InvitationRequired = () =>
  new AppError(403, 'invitation_required', 'This archive is invite-only: sign up with the link from your invitation, or join the queue at /invite-requests.');
/** An invitation link that is unknown, already used or expired. */
export const InvitationInvalid = (message = 'That invitation link is not valid.') => new AppError(403, 'invitation_invalid', message);
/** Guests may not comment anywhere while the guest-comments setting is off. */
export const GuestCommentsOff = () => new AppError(403, 'guest_comments_off', 'Guest comments are turned off on this archive. Log in to comment.');
/** Downloads are turned off site-wide. */
export const DownloadsOff = () => new AppError(403, 'downloads_off', 'Downloads are turned off on this archive.');
/** The invitation queue only runs while registration is invite-only. */
export const InviteQueueClosed = () => new AppError(403, 'invite_queue_closed', 'This archive is not taking invitation requests: registration is not invite-only.');

// Proof under failure (issue 6 §7).
/** The database cannot be reached (PostgreSQL down, restarting or cut off): 503 until it returns; the server recovers by itself. */
export const DatabaseUnavailable = () =>
  new AppError(503, 'database_unavailable', "The archive's database is unavailable at the moment. Please try again in a minute.", undefined, 30);

// Admin area and accounts (issue 6 §1, §5).
/** A write by an account whose suspension still runs (reading, exporting, settings and appeals stay open). */
export const AccountSuspended = (until: string, reason: string) =>
  new AppError(403, 'account_suspended', `Your account is suspended until ${until.slice(0, 16).replace('T', ' ')} UTC (reason: ${reason || 'none given'}). Until then you can read, export your works and change your settings, but not post, comment, leave kudos, bookmark or subscribe.`);
/** Signing in to a banned account. */
export const AccountBanned = (reason: string) =>
  new AppError(403, 'account_banned', `This account has been banned from the archive${reason ? `: ${reason}` : ''}. Sign-in is refused.`);
/** A staff member without two-factor sign-in using the admin area while the site requires it. */
export const TwoFactorRequired = () =>
  new AppError(403, 'two_factor_required', 'This archive requires administrators and moderators to turn on two-factor sign-in before using the admin area. Set it up at /settings/two-factor.');

// Spam and abuse defences (issue 6 §4).
const RATE_LIMITED_WHAT: Record<string, string> = {
  signup: 'sign-ups from your network', work: 'work changes', chapter: 'chapter changes', kudos: 'kudos', bookmark: 'bookmark changes',
  report: 'reports', write: 'changes',
};
/** A rate-limit bucket is full: 429 with Retry-After, and a message a person can act on. */
export const RateLimited = (bucket: string, retryAfterSeconds: number) =>
  new AppError(
    429,
    'rate_limited',
    `Too many ${RATE_LIMITED_WHAT[bucket] ?? 'requests'} in a short time. Please wait ${retryAfterSeconds < 90 ? `${retryAfterSeconds} seconds` : `about ${Math.ceil(retryAfterSeconds / 60)} minutes`} and try again.`,
    undefined,
    retryAfterSeconds,
  );

// Reports (issue 6).
/** The same reporter reported the same target within the last day. */
export const ReportAlreadyFiled = (retryAfterSeconds: number) =>
  new AppError(429, 'report_duplicate', 'You already reported this in the last day, and the moderators have your report. You can report it again after a day.', undefined, retryAfterSeconds);
