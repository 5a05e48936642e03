// Small formatting helpers for pages. Times are stored in UTC and shown in the reader's time zone.

const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const DATE_TIME: Intl.DateTimeFormatOptions = { ...DATE, hour: '2-digit', minute: '2-digit' };

/**
 * One formatter per shape and time zone, made once: each Intl.DateTimeFormat holds tens of kilobytes of ICU memory
 * outside the JavaScript heap, so making one per date shown (dozens on every listing page) grew the server's native
 * heap by over a hundred megabytes under load before the collector freed them. Time zones are a fixed, small set.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(options: Intl.DateTimeFormatOptions, shape: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${shape} ${timeZone}`;
  let made = formatters.get(key);
  if (!made) {
    try {
      made = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    } catch {
      // A zone this runtime no longer knows (stored under an older tz database) falls back to UTC, never a 500.
      made = formatter(options, shape, 'UTC');
    }
    if (formatters.size >= 2_000) formatters.clear();
    formatters.set(key, made);
  }
  return made;
}

/** A date like "27 Nov 2026" in the given time zone. */
export function formatDate(iso: string | null | undefined, timeZone = 'UTC'): string {
  return iso ? formatter(DATE, 'date', timeZone).format(new Date(iso)) : '';
}

/** A date and time like "27 Nov 2026, 14:05" in the given time zone. */
export function formatDateTime(iso: string | null | undefined, timeZone = 'UTC'): string {
  return iso ? formatter(DATE_TIME, 'datetime', timeZone).format(new Date(iso)) : '';
}

const numbers = new Intl.NumberFormat('en');

/** A number with thousands separators. */
export function formatNumber(n: number): string {
  return numbers.format(n);
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
const languages = new Intl.DisplayNames(['en'], { type: 'language' });

export function languageName(code: string): string {
  try {
    return languages.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Text direction for a language code. */
export function languageDirection(code: string): 'rtl' | 'ltr' {
  return /^(ar|he|fa|ur|yi|ps|sd|ug|dv|ckb)(-|$)/i.test(code) ? 'rtl' : 'ltr';
}
