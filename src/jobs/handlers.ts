import type { Config } from '../config.js';
import { HITS_PURGE_JOB, purgeHitsJob } from '../history/hits.js';
import { sendEmailHandler } from '../mail/mailer.js';
import { emailHandlers } from '../notifications/email.jobs.js';
import { exportHandlers } from '../exports/export-jobs.js';
import { fanOutHandlers } from '../notifications/fanout.jobs.js';
import type { JobHandler } from './jobs.js';

// Every job kind and its handler, gathered from the domains that own them. A kind once used must keep a handler
// (or be drained) so queued rows never go unhandled after an upgrade.

export interface JobDeps {
  readonly config: Config;
  readonly secret: string;
}

/** The job handlers of every domain. */
export function buildJobHandlers(deps: JobDeps): Map<string, JobHandler> {
  const handlers = new Map<string, JobHandler>();
  for (const [kind, handler] of [...fanOutHandlers, ...emailHandlers(deps.config, deps.secret)]) handlers.set(kind, handler);
  handlers.set('email.send', sendEmailHandler(deps.config));
  handlers.set(HITS_PURGE_JOB, purgeHitsJob);
  for (const [kind, handler] of exportHandlers(deps.config, deps.secret)) handlers.set(kind, handler);
  void deps;
  return handlers;
}
