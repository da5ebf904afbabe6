/**
 * Domain states as stored in a read-model row. States are plain data except for Maps (signatures,
 * members, goals, keys) and bigint minor units (money, rates); those are written as `{"$map":
 * [[key, value], ...]}` and `{"$big": "123"}` so a stored state decodes to exactly the state the
 * domain's evolve produced, and the live projector can evolve it further.
 *
 * The conversion walks the state once and hands plain JSON to JSON.stringify / from JSON.parse
 * (a replacer or reviver function would be called for every key, several times slower).
 */
import type { RecordKind } from './records';

function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return { $big: value.toString() };
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = toPlain(value[i]);
    return out;
  }
  if (value instanceof Map) return { $map: [...value].map(([k, v]) => [toPlain(k), toPlain(v)]) };
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = toPlain((value as Record<string, unknown>)[key]);
  return out;
}

function fromPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = fromPlain(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  let keys = 0;
  for (const key in record) {
    keys++;
    record[key] = fromPlain(record[key]);
  }
  if (keys === 1) {
    if (typeof record.$big === 'string') return BigInt(record.$big);
    if (Array.isArray(record.$map)) return new Map(record.$map as Array<[unknown, unknown]>);
  }
  return record;
}

export function encodeState(kind: RecordKind, state: unknown): string {
  // Commitment states are plain JSON already.
  return JSON.stringify(kind === 'commitment' ? state : toPlain(state));
}

export function decodeState<S = unknown>(kind: RecordKind, text: string): S {
  const parsed: unknown = JSON.parse(text);
  return (kind === 'commitment' ? parsed : fromPlain(parsed)) as S;
}
