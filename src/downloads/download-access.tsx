import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { User, Work } from '../db/schema.js';
import { ADULT_COOKIE, setAppCookie } from '../http/cookies.js';
import type { AppEnv } from '../http/env.js';
import { wantsJson } from '../http/error-handler.js';
import { AdultContentGated } from '../http/errors.js';
import { pageContext } from '../http/page-context.js';
import { AdultGatePage } from '../works/adult-gate.views.js';
import type { WorkDetails } from '../works/work-details.js';
import { isAdultWork, isAuthor } from '../works/works.policy.js';

// The adult-content gate for downloads, with the rules of the reading pages (src/works/works.routes.tsx): the
// work's authors, readers whose settings allow adult content, and browsers that agreed (cookie) pass; asking with
// view_adult=true agrees and remembers it. Otherwise a browser gets the same interstitial as the work page, and
// an API client (bearer token or JSON) a 403 it can act on.

/** True when the reader has not (yet) agreed to see this work. */
function gated(c: Context<AppEnv>, work: Work, authorIds: readonly number[], user: User | undefined): boolean {
  return isAdultWork(work) && !isAuthor(user, authorIds) && user?.view_adult !== 1 && getCookie(c, ADULT_COOKIE) !== 'true';
}

/** A work of a download with the accounts credited on it (who pass the gate without agreeing). */
export interface GateCandidate {
  readonly details: WorkDetails;
  readonly authorIds: readonly number[];
}

/**
 * Undefined when the download may go ahead; otherwise the interstitial to answer with, naming the first work
 * (of a series: part) the reader has not agreed to. Throws the catalogue's 403 for API clients.
 */
export async function adultGate(c: Context<AppEnv>, works: readonly GateCandidate[]): Promise<Response | undefined> {
  const user = c.get('user');
  const gate = works.find((w) => gated(c, w.details.work, w.authorIds, user));
  if (!gate) return undefined;
  if (c.req.query('view_adult') === 'true') {
    setAppCookie(c, ADULT_COOKIE, 'true', 365 * 86_400);
    return undefined;
  }
  if (c.get('authVia') === 'token' || wantsJson(c)) throw AdultContentGated();
  const url = new URL(c.req.url);
  url.searchParams.set('view_adult', 'true');
  return c.html(<AdultGatePage ctx={pageContext(c)} details={gate.details} proceedUrl={url.pathname + url.search} />);
}
