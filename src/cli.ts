import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { migrateToLatest, openConfiguredDatabase } from './db/connection.js';
import { AppError } from './http/errors.js';

// Commands load only what they use, so `migrate` and `user create` start without compiling the web app.

const USAGE = `Usage: chapterhouse <command>

Commands:
  serve [--workers N|auto]   start the web server (what npm start runs); with --workers, N processes share the port
  worker                     run queued jobs (notifications, email) without serving HTTP
  migrate                    bring the database schema up to date
  demo                       load the demo works and accounts
  reindex                    rebuild the search index from scratch (atomically: readers keep the old one until it is done)
  seed --works N [--seed S] [--force]
                             fill an empty database with a deterministic synthetic archive (benchmarks)
  backup FILE                write a consistent backup of the whole site (while it keeps serving)
  restore FILE               load a backup into an empty database (SQLite, or PostgreSQL with DATABASE_URL)
  user create --admin --username NAME --email ADDRESS [--password PASSWORD]
                             create an account (an administrator with --admin); asks for the
                             password on standard input when --password is not given

Configuration comes from environment variables; see README.md.`;

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stdout.write('Password (at least 10 characters): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  if (command === 'serve' || command === undefined) {
    const { values } = parseArgs({ args: rest, options: { workers: { type: 'string' } }, allowPositionals: false });
    const cluster = (await import('node:cluster')).default;
    if (values.workers !== undefined && cluster.isPrimary) {
      const { startCluster, workerCount } = await import('./cluster.js');
      await startCluster(config, workerCount(values.workers));
      return -1;
    }
    const { startServer } = await import('./server.js');
    await startServer(config);
    return -1;
  }
  if (command === 'worker') {
    const { startWorker } = await import('./worker.js');
    await startWorker(config);
    return -1;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  const db = openConfiguredDatabase(config);
  try {
    if (command === 'backup' || command === 'restore') {
      // Before migrating: a backup reads the live site as it is, and a restore creates the schema itself.
      const { runBackupCommand } = await import('./backup/backup-command.js');
      return await runBackupCommand(db, command, rest);
    }
    const applied = await migrateToLatest(db);
    if (command === 'migrate') {
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      return 0;
    }
    if (command === 'demo') {
      const { loadDemo } = await import('./cli/demo.js');
      const result = await loadDemo(db, config, (line) => console.log(line));
      if (!result.skipped) console.log(`Loaded ${result.works} works and ${result.series} series.`);
      return 0;
    }
    if (command === 'seed') {
      const { runSeedCommand } = await import('./seed/seed-command.js');
      return await runSeedCommand(db, rest);
    }
    if (command === 'reindex') {
      const { rebuildSearchIndex } = await import('./search/search.js');
      const indexed = await rebuildSearchIndex(db, { onBatch: (n) => console.log(`Indexed ${n} works…`) });
      console.log(`The search index holds ${indexed} works.`);
      return 0;
    }
    if (command === 'user' && rest[0] === 'create') {
      const { values } = parseArgs({
        args: rest.slice(1),
        options: { admin: { type: 'boolean', default: false }, username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } },
      });
      const password = values.password ?? (await readPassword());
      const { registerUser } = await import('./accounts/accounts.js');
      const user = await registerUser(db, config, { username: values.username, email: values.email, password }, { ...(values.admin ? { admin: true } : {}), force: true });
      console.log(`Created ${user.is_admin ? 'administrator' : 'account'} ${user.username}.`);
      return 0;
    }
    console.error(USAGE);
    return 2;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.fields ? Object.entries(error.fields).map(([f, m]) => `${f}: ${m}`).join('\n') : error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
