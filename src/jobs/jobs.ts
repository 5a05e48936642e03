import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Db, DbLike } from '../db/connection.js';
import { now } from '../db/dialect.js';
import { randomToken } from '../http/crypto.js';
import { claimJob, completeJob, failJob, insertJob } from './jobs.queries.js';

// Durable jobs: rows in the `jobs` table, claimed with a lease, retried with exponential backoff. Handlers must be
// idempotent (a job whose runner crashed after doing its work runs again when the lease expires).

export type JobHandler = (payload: Record<string, unknown>, context: { db: Db; log: Logger; jobId: number }) => Promise<void>;

/** Wakes a runner in this process as soon as a job is enqueued (others find it on their next poll). */
export const jobSignal = new EventEmitter();

/** Enqueues a job, inside the caller's transaction when given one, so the job exists exactly when the change does. */
export async function enqueueJob(db: DbLike, kind: string, payload: Record<string, unknown>, options: { dedupeKey?: string; runAt?: Date; maxAttempts?: number } = {}): Promise<void> {
  const at = now();
  await insertJob(db, {
    kind,
    payload: JSON.stringify(payload),
    dedupe_key: options.dedupeKey ?? null,
    run_at: options.runAt ? options.runAt.toISOString() : at,
    created_at: at,
    ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
  });
  jobSignal.emit('enqueued');
}

/** Backoff before attempt n + 1: 2, 4, 8 ... seconds, capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(3600_000, 1000 * 2 ** attempts);
}

export interface JobRunnerOptions {
  readonly db: Db;
  readonly log: Logger;
  readonly handlers: ReadonlyMap<string, JobHandler>;
  /** How long a claimed job stays locked to this runner. */
  readonly leaseMs?: number;
  /** How often to look for due jobs when idle. */
  readonly pollMs?: number;
}

/** Runs due jobs one at a time until stopped. */
export class JobRunner {
  readonly id = `runner-${process.pid}-${randomToken(6)}`;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly onSignal = () => this.wake?.();

  constructor(private readonly options: JobRunnerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    jobSignal.on('enqueued', this.onSignal);
    this.loop = this.run();
  }

  /** Stops after the job in hand (if any) finishes. */
  async stop(): Promise<void> {
    this.running = false;
    jobSignal.off('enqueued', this.onSignal);
    this.wake?.();
    await this.loop;
  }

  /** Runs due jobs until none is left; returns how many ran. For tests and the CLI. */
  async runUntilIdle(): Promise<number> {
    let ran = 0;
    while (await this.runOne()) ran++;
    return ran;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let didWork = false;
      try {
        didWork = await this.runOne();
      } catch (error) {
        this.options.log.error({ err: error }, 'job runner error');
      }
      if (!didWork && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollMs ?? 1000);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  /** Claims and runs one due job; false when none is due. */
  async runOne(): Promise<boolean> {
    const { db, log, handlers } = this.options;
    const started = new Date();
    const job = await claimJob(db, this.id, started.toISOString(), new Date(started.getTime() + (this.options.leaseMs ?? 60_000)).toISOString());
    if (!job) return false;
    const jobLog = log.child({ job_id: job.id, job_kind: job.kind });
    const handler = handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(JSON.parse(job.payload) as Record<string, unknown>, { db, log: jobLog, jobId: job.id });
      await completeJob(db, job.id, now());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retryAt = job.attempts < job.max_attempts ? new Date(Date.now() + retryDelayMs(job.attempts)).toISOString() : null;
      jobLog.warn({ err: error, attempts: job.attempts, retry_at: retryAt }, 'job failed');
      await failJob(db, job.id, message.slice(0, 2000), retryAt, now());
    }
    return true;
  }
}
