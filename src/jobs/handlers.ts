import type { Config } from '../config.js';
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
  void deps;
  return handlers;
}
