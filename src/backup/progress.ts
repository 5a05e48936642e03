// The progress display of `chapterhouse backup` and `restore`, on standard error so standard output stays clean:
// a bar redrawn in place on a terminal, and a plain line at every tenth otherwise (logs, CI, cron mail).

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressReporter {
  update(done: number, total: number, table: string): void;
  /** Ends the display (a final newline on a terminal). */
  finish(): void;
}

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

/** A reporter for `verb` ("Backing up", "Restoring") writing to `stream`. */
export function createProgressReporter(stream: ProgressStream, verb: string): ProgressReporter {
  const format = (n: number) => n.toLocaleString('en');
  if (stream.isTTY) {
    let lastDraw = 0;
    let drawn = false;
    return {
      update(done, total, table) {
        const now = Date.now();
        if (now - lastDraw < REDRAW_MS && done < total) return;
        lastDraw = now;
        drawn = true;
        const share = total ? Math.min(1, done / total) : 1;
        const filled = Math.round(share * BAR_WIDTH);
        const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
        stream.write(`\r${verb} [${bar}] ${Math.floor(share * 100)}%  ${format(done)}/${format(total)} rows  ${table.padEnd(20).slice(0, 20)}`);
      },
      finish() {
        if (drawn) stream.write('\n');
        drawn = false;
      },
    };
  }
  let lastTenth = -1;
  return {
    update(done, total) {
      const tenth = total ? Math.floor((done / total) * 10) : 10;
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`${verb}: ${format(done)}/${format(total)} rows (${tenth * 10}%)\n`);
    },
    finish() {},
  };
}
