// Small formatting helpers for pages. Times are stored in UTC and shown in the reader's time zone.

function format(iso: string, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(new Date(iso));
  } catch {
    // A zone this runtime no longer knows (stored under an older tz database) falls back to UTC, never a 500.
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(new Date(iso));
  }
}

/** A date like "27 Nov 2026" in the given time zone. */
export function formatDate(iso: string | null | undefined, timeZone = 'UTC'): string {
  return iso ? format(iso, timeZone, { day: 'numeric', month: 'short', year: 'numeric' }) : '';
}

/** A date and time like "27 Nov 2026, 14:05" in the given time zone. */
export function formatDateTime(iso: string | null | undefined, timeZone = 'UTC'): string {
  return iso ? format(iso, timeZone, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }) : '';
}

/** A number with thousands separators. */
export function formatNumber(n: number): string {
  return n.toLocaleString('en');
}

/** "2/5" or "2/?" for posted versus expected chapters. */
export function chapterProgress(posted: number, expected: number | null): string {
  return `${posted}/${expected ?? '?'}`;
}

/** "alice", "alice and bob", "alice, bob and carol". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A language code's English name, e.g. "fr" → "French"; the code itself when unknown. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Text direction for a language code. */
export function languageDirection(code: string): 'rtl' | 'ltr' {
  return /^(ar|he|fa|ur|yi|ps|sd|ug|dv|ckb)(-|$)/i.test(code) ? 'rtl' : 'ltr';
}
