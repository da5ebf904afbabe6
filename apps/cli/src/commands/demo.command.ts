import type { Command } from 'commander';
import { loadConfig } from '@ledger/config';
import { loadDemo } from '../demo/demo-loader';
import { DEMO_COLLABORATIVE_ID } from '../demo/upper-valley-partnership';
import { progressBar } from '../progress';

/** `ledger demo`: loads the Upper Valley demo partnership through the ledger's own command path. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load a realistic demo partnership (13 organizations, 30 commitments, pledges, a shared-risk agreement, a year of governance)')
    .action(async () => {
      const config = loadConfig();
      let bar: ReturnType<typeof progressBar> | undefined;
      const result = await loadDemo({
        onProgress: (done, total) => {
          bar ??= progressBar('demo', total);
          bar.update(done);
        },
      });
      bar?.stop();
      if (!result.loaded) {
        console.log(`the demo partnership (${DEMO_COLLABORATIVE_ID}) is already in the ledger at ${describe(config)}; nothing appended`);
        return;
      }
      console.log(
        `loaded the demo partnership ${DEMO_COLLABORATIVE_ID}: ${result.steps} commands, ${result.events} events, into ${describe(config)}` +
          (result.simulatedHistory
            ? '\neach step was recorded at its simulated date over the past 14 months, so asOf queries can travel back through it'
            : '\nthe ledger already held other events, so every step was recorded now (recordedAt never goes backwards)' +
              result.leftOut.map((step) => `\nleft out, as it needs time to pass: ${step}`).join('')),
      );
    });
}

function describe(config: ReturnType<typeof loadConfig>): string {
  return config.store === 'sqlite' ? config.sqliteFile : `${config.store}`;
}
