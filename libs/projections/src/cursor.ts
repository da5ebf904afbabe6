/**
 * Opaque page cursors: the sort key of the last item given, and the moment the first page was
 * answered for, so every page of one listing describes the same moment (the ledger moving on in
 * between does not shift items across pages).
 */
export interface Cursor {
  /** The moment (epoch ms) the listing answers for. */
  at: number;
  /** The last item's sort key. */
  key: string[];
}

export class InvalidCursorError extends Error {}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.at, k: cursor.key }), 'utf8').toString('base64url');
}

export function decodeCursor(text: string, keyLength: number): Cursor {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(text)) throw new Error('not base64url');
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('cursor is not one this ledger gave out (pass nextCursor as it was answered)');
  }
  const { t, k } = (parsed ?? {}) as { t?: unknown; k?: unknown };
  if (
    typeof t !== 'number' ||
    !Number.isSafeInteger(t) ||
    !Array.isArray(k) ||
    k.length !== keyLength ||
    !k.every((part) => typeof part === 'string' && part.length <= 200)
  ) {
    throw new InvalidCursorError('cursor is not one this ledger gave out for this list (pass nextCursor as it was answered)');
  }
  return { at: t, key: k as string[] };
}
