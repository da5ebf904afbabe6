import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { loadConfig } from '@ledger/config';
import { openEventStore } from '@ledger/event-store';
import { progressBar } from '../progress';
import { wholeNumber } from '../options';

/** `ledger export [--out file]`: the whole log as JSON Lines, one envelope per line, in position order. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export the whole log as JSON Lines (one event per line, in position order)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option('--to-position <n>', 'stop after this position', wholeNumber())
    .action(async (options: { out?: string; toPosition?: number }) => {
      const store = await openEventStore(loadConfig());
      try {
        const head = (await store.head()).position;
        const last = Math.min(head, options.toPosition ?? head);
        const out = options.out ? createWriteStream(options.out) : process.stdout;
        const bar = progressBar('export', last);
        let after = 0;
        while (after < last) {
          const page = await store.readAll({ after, limit: Math.min(5000, last - after) });
          if (page.length === 0) break;
          const chunk = page.map((e) => JSON.stringify(e)).join('\n') + '\n';
          if (!out.write(chunk)) await once(out, 'drain');
          after = page[page.length - 1].position;
          bar.update(after);
        }
        bar.stop();
        if (options.out) {
          out.end();
          await once(out, 'finish');
        }
      } finally {
        await store.close();
      }
    });
}
