import { registerUser } from '../accounts/accounts.js';
import { seriesIdsOfWork } from '../series/series.queries.js';
import { findUserByUsername } from '../accounts/users.queries.js';
import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import type { User } from '../db/schema.js';
import { createSeries } from '../series/series.js';
import { createWork } from '../works/works.js';
import { DEMO_AUTHORS, DEMO_PASSWORD, type DemoAuthor, type DemoWork } from './demo-content.js';

// `chapterhouse demo`: fills an archive with invented authors, works and series so there is something to
// browse. Everything goes through the same domain functions as the pages and the API.

/**
 * Loads the demo content once. When any demo account already exists the archive is left alone and
 * `skipped` is true. `log` receives human-readable progress, including the demo logins.
 */
export async function loadDemo(db: Db, config: Config, log: (line: string) => void): Promise<{ works: number; series: number; skipped: boolean }> {
  for (const author of DEMO_AUTHORS) {
    if (await findUserByUsername(db, author.username)) {
      log(`The demo content is already loaded (the account "${author.username}" exists); nothing to do.`);
      return { works: 0, series: 0, skipped: true };
    }
  }

  const users = new Map<DemoAuthor, User>();
  for (const author of DEMO_AUTHORS) {
    const user = await registerUser(db, config, { username: author.username, email: author.email, password: DEMO_PASSWORD }, { force: true, admin: false });
    users.set(author, user);
    log(`Created demo account ${user.username} <${author.email}>${user.is_admin ? ' (admin: it is the first account on this archive)' : ''}`);
  }

  // Series declared up front, per author, so that works can join them.
  const seriesIds = new Map<string, number>();
  let seriesCount = 0;
  for (const author of DEMO_AUTHORS) {
    for (const series of author.series ?? []) {
      const created = await createSeries(db, users.get(author)!, {
        title: series.title,
        summary: series.summary ?? '',
        notes: series.notes ?? '',
        complete: series.complete ?? false,
      });
      seriesIds.set(series.key, created.id);
      seriesCount += 1;
    }
  }

  // Works go in round-robin across authors, so recent listings are mixed, while each author's own works
  // (and so the parts of a series) keep their order.
  let worksCount = 0;
  for (const { author, work } of interleave(DEMO_AUTHORS)) {
    const user = users.get(author)!;
    const { series: link, ...fields } = work;
    const input: Record<string, unknown> = { ...fields };
    if (link && 'start' in link) {
      input.series = { title: link.title };
    } else if (link) {
      const id = seriesIds.get(link.join);
      if (id === undefined) throw new Error(`Demo work "${work.title}" joins the unknown series "${link.join}".`);
      input.series = { id };
    }
    const created = await createWork(db, user, input);
    worksCount += 1;
    if (link && 'start' in link) {
      // createWork answers with the work only; the series it started is the one holding it.
      const started = (await seriesIdsOfWork(db, created.id))[0];
      if (started === undefined) throw new Error(`Demo work "${work.title}" should have started the series "${link.title}".`);
      seriesIds.set(link.start, started);
      seriesCount += 1;
    }
    log(`  ${user.username}: ${work.title}${work.draft ? ' (draft)' : ''}`);
  }

  log(`Demo loaded: ${worksCount} works and ${seriesCount} series by ${DEMO_AUTHORS.length} authors.`);
  log(`Log in as ${DEMO_AUTHORS.map((a) => a.username).join(', ')} with the password: ${DEMO_PASSWORD}`);
  return { works: worksCount, series: seriesCount, skipped: false };
}

/** Each author's first work, then each author's second work, and so on. */
function* interleave(authors: readonly DemoAuthor[]): Generator<{ author: DemoAuthor; work: DemoWork }> {
  const longest = Math.max(0, ...authors.map((a) => a.works.length));
  for (let i = 0; i < longest; i += 1) {
    for (const author of authors) {
      const work = author.works[i];
      if (work) yield { author, work };
    }
  }
}
