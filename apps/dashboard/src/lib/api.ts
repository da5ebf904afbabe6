/** The ledger's HTTP API from the browser: every request carries the session's API key. */
import { t, tOr } from '../i18n';
export interface Session {
  key: string;
  collaborative: string;
}

/** A field the ledger refused, as the problem document's `errors[]` names it. */
export interface FieldProblem {
  path: string;
  message: string;
  code?: string;
}

export interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  status?: number;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Problem | null = null,
  ) {
    super(message);
  }
}

/** The end of a calendar day (UTC) as the API's asOf instant. */
export function endOfDay(date: string): string {
  return `${date}T23:59:59.999Z`;
}

/** A path with asOf added (when looking at the past). */
export function withAsOf(path: string, asOfDate: string | null): string {
  if (!asOfDate) return path;
  return `${path}${path.includes('?') ? '&' : '?'}asOf=${encodeURIComponent(endOfDay(asOfDate))}`;
}

export function query(params: Record<string, string | number | undefined | null | false>): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== false && value !== '') q.set(name, String(value));
  const text = q.toString();
  return text ? `?${text}` : '';
}

export function authHeaders(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

const RETRIES_WHEN_LIMITED = 2;

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

export async function getJson<T>(key: string, path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  for (let attempt = 0; ; attempt += 1) {
    try {
      response = await fetch(path, { headers: { ...authHeaders(key), accept: 'application/json' }, signal, cache: 'no-store' });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw new ApiError(0, t('errors.unreachable'));
    }
    // Over the key's rate limit: wait as told (at most 10 s), a couple of times.
    if (response.status !== 429 || attempt >= RETRIES_WHEN_LIMITED) break;
    const seconds = Number(response.headers.get('retry-after'));
    await wait(Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000, 10_000), signal);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const problem = body && typeof body === 'object' ? (body as Problem) : null;
    throw new ApiError(response.status, problem?.detail ?? problem?.title ?? t('errors.answered', { status: response.status }), problem);
  }
  return body as T;
}

/**
 * A problem document's title in the reader's language, by its stable `code` (the catalogue's
 * `problem.<code>`); the ledger's own words when the catalogue does not know the code.
 */
export function problemTitle(problem: Problem | null | undefined, fallback = ''): string {
  const title = problem?.title ?? fallback;
  // A code the catalogue does not name yet falls back on its kind ("refused by a rule"), translated too.
  const kind = tOr(`problemKind.${title.replace(/[^a-z]+/gi, '_')}`, title);
  const code = problem?.code;
  return code ? tOr(`problem.${code}`, kind) : kind;
}

/** What to tell a person about a refused request: its title by code (translated), then the ledger's detail. */
export function explain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t('errors.401');
    if (error.status === 403 && !error.problem?.code) return t('errors.403');
    if (error.status === 0) return error.message;
    if (error.problem?.code) {
      const title = problemTitle(error.problem);
      const detail = error.problem.detail;
      return detail && detail !== title ? `${title} — ${detail}` : title;
    }
    if (error.status === 404) return error.message || t('errors.404');
    return error.message;
  }
  return (error as Error)?.message ?? String(error);
}
