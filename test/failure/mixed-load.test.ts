import { describe, expect, it } from 'vitest';
import { KINDS, formatResult, runMixedLoad } from '../../bench/mixed-load.js';

// Issue 6 §7, mixed load, short version of `npm run bench:mixed`: five seconds of reads, searches, comments, kudos
// and posts against the real server process on a small seeded archive. Behaviour only (no timing): no 5xx, no
// dropped connection, and every kind of request got answers.

const DIALECTS: readonly ('sqlite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe('mixed load (short)', () => {
  for (const dialect of DIALECTS) {
    it(`on ${dialect}: five seconds of mixed traffic, zero 5xx, every kind answered`, { timeout: 120_000 }, async () => {
      const result = await runMixedLoad({ seconds: 5, works: 150, concurrency: 3, databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined });
      console.log(formatResult(result));
      expect(result.server_errors, result.sample_errors.join('\n')).toBe(0);
      expect(result.failed, result.sample_errors.join('\n')).toBe(0);
      for (const kind of KINDS) expect(result.kinds[kind].ok, `${kind} answered`).toBeGreaterThan(0);
      // The sampler read the server's memory while it ran.
      expect(result.rss_mb.max).toBeGreaterThan(0);
    });
  }
});
