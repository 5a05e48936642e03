import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, languageName } from './format.js';

describe('page formatting', () => {
  it('shows dates and times in the reader’s time zone, the same way every time', () => {
    const at = '2026-11-27T23:30:00.000Z';
    expect(formatDate(at)).toBe('27 Nov 2026');
    expect(formatDate(at, 'Asia/Tokyo')).toBe('28 Nov 2026');
    expect(formatDateTime(at, 'UTC')).toBe('27 Nov 2026, 23:30');
    expect(formatDateTime(at, 'America/New_York')).toBe('27 Nov 2026, 18:30');
    // Formatters are kept per zone: asking again, and in between for another zone, gives the same answers.
    expect(formatDate(at, 'Asia/Tokyo')).toBe('28 Nov 2026');
    expect(formatDateTime(at, 'UTC')).toBe('27 Nov 2026, 23:30');
    expect(formatDate(null)).toBe('');
  });

  it('falls back to UTC for a zone the runtime does not know, never throwing', () => {
    const at = '2026-11-27T23:30:00.000Z';
    expect(formatDateTime(at, 'Mars/Olympus_Mons')).toBe('27 Nov 2026, 23:30');
    expect(formatDateTime(at, 'Mars/Olympus_Mons')).toBe('27 Nov 2026, 23:30');
    expect(formatDate(at, 'Asia/Tokyo')).toBe('28 Nov 2026');
  });

  it('writes numbers with thousands separators and languages by their English names', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0)).toBe('0');
    expect(languageName('fr')).toBe('French');
    expect(languageName('not a code')).toBe('not a code');
  });
});
