import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr (so stdout stays clean for piped output); silent when not a TTY unless forced. */
export function progressBar(label: string, total: number): { update(value: number): void; stop(): void } {
  const interactive = process.stderr.isTTY;
  if (!interactive) {
    let last = 0;
    return {
      update(value) {
        // In logs, one line per 10 %.
        const step = Math.floor((value / Math.max(total, 1)) * 10);
        if (step > last) {
          last = step;
          process.stderr.write(`${label}: ${value}/${total}\n`);
        }
      },
      stop() {
        process.stderr.write(`${label}: done (${total})\n`);
      },
    };
  }
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta}s`, stream: process.stderr }, Presets.shades_classic);
  bar.start(total, 0);
  return { update: (v) => bar.update(v), stop: () => bar.stop() };
}
