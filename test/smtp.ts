import { SMTPServer } from 'smtp-server';
import { pino } from 'pino';
import { buildJobHandlers } from '../src/jobs/handlers.js';
import { JobRunner } from '../src/jobs/jobs.js';
import type { TestContext } from './helpers.js';

// A real SMTP server on loopback for mail tests, and a tiny reader of what it received.

export interface ReceivedMail {
  readonly raw: string;
  readonly to: string[];
  header(name: string): string | undefined;
  readonly text: string;
  readonly html: string;
}

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const soft = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return headers;
}

function decodePart(part: string): { type: string; body: string } {
  const split = part.search(/\r?\n\r?\n/);
  const headers = parseHeaders(part.slice(0, split));
  let body = part.slice(split).replace(/^\r?\n\r?\n/, '');
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
  else if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { type: (headers.get('content-type') ?? '').split(';')[0]!.toLowerCase(), body };
}

/** Splits a received message into headers and its text and HTML parts. */
export function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = parseHeaders(raw.slice(0, split));
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const parts = boundary ? raw.split(`--${boundary}`).slice(1, -1).map(decodePart) : [decodePart(raw)];
  return {
    raw,
    to,
    header: (name) => headers.get(name.toLowerCase()),
    text: parts.find((p) => p.type === 'text/plain')?.body ?? '',
    html: parts.find((p) => p.type === 'text/html')?.body ?? '',
  };
}

export interface TestSmtp {
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Rejects the next `n` messages with a temporary failure. */
  rejectNext(n: number): void;
  /** While on, messages are read but never answered (the sender hangs mid-delivery); `held` counts them. */
  hold(on: boolean): void;
  readonly held: () => number;
  close(): Promise<void>;
}

/** Starts an SMTP server on 127.0.0.1 (a free port) that keeps every message it accepts. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  let reject = 0;
  let holding = false;
  let held = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    closeTimeout: 200,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (holding) {
          held++;
          return;
        }
        if (reject > 0) {
          reject--;
          const error = new Error('Try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        received.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    rejectNext: (n) => {
      reject = n;
    },
    hold: (on) => {
      holding = on;
    },
    held: () => held,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs every due job (as the server's runner would) until none is left. */
export function runJobs(t: TestContext): Promise<number> {
  return new JobRunner({ db: t.db, log: pino({ level: 'silent' }), handlers: buildJobHandlers({ config: t.config, secret: t.services.secret }) }).runUntilIdle();
}

/** Makes every waiting job due now (to skip a retry's backoff). */
export async function makeJobsDue(t: TestContext): Promise<void> {
  await t.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000).toISOString() }).where('done_at', 'is', null).where('failed_at', 'is', null).execute();
}
