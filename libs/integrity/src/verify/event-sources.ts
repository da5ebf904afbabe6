import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RecordedEvent } from '../envelope';

/** What the verifier reads from a live store: the log by position (any event store's readAll). */
export interface LogPages {
  readAll(options: { after: number; limit: number }): Promise<RecordedEvent[]>;
}

export interface StoreEventsOptions {
  /** Events per readAll call; default 5000 (as `ledger export`). */
  pageSize?: number;
  /** Stop after this position (the tree size of interest). */
  toPosition?: number;
}

/**
 * The live log in position order, page by page through the port's readAll. It yields whatever
 * the store holds, gaps and all: judging it is the verifier's job.
 */
export async function* storeEvents(store: LogPages, options: StoreEventsOptions = {}): AsyncGenerator<RecordedEvent> {
  const pageSize = options.pageSize ?? 5000;
  const last = options.toPosition ?? Number.MAX_SAFE_INTEGER;
  let after = 0;
  while (after < last) {
    const page = await store.readAll({ after, limit: pageSize });
    if (page.length === 0) return;
    for (const event of page) {
      if (typeof event.position !== 'number' || event.position <= after) {
        throw new Error(`the store returned position ${event.position} after position ${after}`);
      }
      if (event.position > last) return;
      yield event;
      after = event.position;
    }
  }
}

/** Why a line of an export could not be read. */
export class JsonLinesError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * The events of a JSON Lines export (`ledger export`): one envelope per line, in position order.
 * Blank lines are skipped; a line that is not a JSON object fails with its line number.
 */
export async function* jsonLinesEvents(file: string): AsyncGenerator<RecordedEvent> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const line of lines) {
      number++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new JsonLinesError(number, `not JSON (${(error as Error).message})`);
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new JsonLinesError(number, 'not a JSON object');
      yield value as RecordedEvent;
    }
  } finally {
    lines.close();
  }
}

/** Non-blank lines of a JSON Lines file (the event count of an export), for progress totals. */
export async function countJsonLines(file: string): Promise<number> {
  let count = 0;
  let lineHasContent = false;
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === 0x0a) {
        if (lineHasContent) count++;
        lineHasContent = false;
      } else if (byte !== 0x20 && byte !== 0x0d && byte !== 0x09) {
        lineHasContent = true;
      }
    }
  }
  return lineHasContent ? count + 1 : count;
}
