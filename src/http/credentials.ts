// Reading a personal access token from an Authorization header. API clients send `Bearer <token>`; many e-reader
// apps (OPDS catalogs in KOReader, Thorium, ...) can only send HTTP Basic, so Basic is accepted too, with the token
// as the password and any username.

/** What an Authorization header offers: a token by one of the two schemes, or something else entirely. */
export type Credentials = { readonly scheme: 'bearer' | 'basic'; readonly token: string } | { readonly scheme: 'unknown' };

/** The challenge sent with a 401 to clients that can answer with Basic credentials (a browser then asks for them). */
export const BASIC_CHALLENGE = 'Basic realm="Chapterhouse", charset="UTF-8"';

/** The token in an Authorization header, by scheme; `unknown` for any other scheme or a malformed value. */
export function readCredentials(header: string): Credentials {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return { scheme: 'bearer', token: bearer[1]! };
  const basic = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!basic) return { scheme: 'unknown' };
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // RFC 7617: user-id ":" password; the user-id may be empty, the password may itself contain colons.
  const token = colon >= 0 ? decoded.slice(colon + 1) : '';
  return token === '' ? { scheme: 'unknown' } : { scheme: 'basic', token };
}
