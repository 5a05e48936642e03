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
