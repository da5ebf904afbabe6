import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import { ApiError, authHeaders, getJson, query, withAsOf, type Session } from './lib/api';
import { followEventStream, type StreamState } from './lib/sse';
import type { Health } from './lib/types';
import {
  checkCheckpoint,
  checkInclusion,
  type Check,
  type CheckpointDocument,
  type InclusionProofDocument,
  type LedgerEvent,
  type PublicKeyDocument,
} from './lib/verify';

/** What every page needs: who is signed in, the date looked at, and how fresh the data is. */
export interface AppState {
  session: Session;
  /** The date the pages show the ledger as of (end of that day, UTC), or null for now. */
  asOf: string | null;
  /** Bumped when live events arrive: pages showing "now" read again. */
  liveVersion: number;
  signOut(message?: string): void;
  /** The organization the key acts for (null for the operator's key, or until known). */
  self: string | null;
  /** The partnership's members and their roles (for the forms' choices). */
  members: Array<{ organizationId: string; role: string }>;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside the signed-in app');
  return state;
}

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** The URL the data was read from. */
  url: string | null;
  /** Reads again now (after acting on the record). */
  reload(): void;
}

/**
 * Reads a path of the API as of the date shown (unless `timeTravel: false`), again whenever live
 * events arrive while looking at the present. Keeps the data on screen while re-reading the same
 * path, so live updates and date changes do not flash.
 */
export function useApi<T>(path: string | null, options: { timeTravel?: boolean; live?: boolean } = {}): ApiState<T> {
  const { session, asOf, liveVersion, signOut } = useApp();
  const url = path === null ? null : options.timeTravel === false ? path : withAsOf(path, asOf);
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const version = (options.live === false || asOf ? 0 : liveVersion) + reloads * 1_000_000;
  const [state, setState] = useState<Omit<ApiState<T>, 'reload'> & { path: string | null }>({ data: undefined, error: undefined, loading: url !== null, url: null, path: null });
  useEffect(() => {
    if (url === null) {
      setState({ data: undefined, error: undefined, loading: false, url: null, path: null });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ ...previous, data: previous.path === path ? previous.data : undefined, error: undefined, loading: true }));
    getJson<T>(session.key, url, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false, url, path });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) signOut(t('app.keyRefused'));
        setState({ data: undefined, error, loading: false, url, path });
      },
    );
    return () => controller.abort();
    // `path` is part of `url`; signOut is stable for a session.
  }, [url, version, session.key]);
  return { ...state, reload };
}

// --- live events -----------------------------------------------------------------------------

export interface LiveState {
  state: StreamState | 'polling' | 'paused';
  detail?: string;
  /** The latest events received, newest first. */
  events: LedgerEvent[];
  version: number;
}

const FEED_SIZE = 25;
const POLL_MS = 10_000;

/**
 * New events without reloading: `/ledger/stream` read with fetch() (EventSource cannot send the
 * key), from the head of the log at sign-in, resumed with Last-Event-ID after a break. A key that
 * may not read the raw stream falls back to watching the head position on /health.
 */
export function useLive(session: Session): LiveState {
  const [live, setLive] = useState<LiveState>({ state: 'connecting', events: [], version: 0 });
  useEffect(() => {
    const controller = new AbortController();
    let pending: LedgerEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      setLive((s) => ({ ...s, events: [...batch.reverse(), ...s.events].slice(0, FEED_SIZE), version: s.version + 1 }));
    };
    const headOf = async () => (await getJson<Health>(session.key, '/health', controller.signal)).store.headPosition;
    const poll = async () => {
      let head = await headOf().catch(() => 0);
      while (!controller.signal.aborted) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const now = await headOf().catch(() => head);
        if (now !== head) {
          head = now;
          setLive((s) => ({ ...s, version: s.version + 1 }));
        }
      }
    };
    (async () => {
      // Start at the head of the log: what is on screen was read after it.
      const head = await headOf()
        .catch(() => getJson<{ treeSize: number }>(session.key, '/ledger/checkpoint', controller.signal).then((c) => c.treeSize))
        .catch(() => 0);
      if (controller.signal.aborted) return;
      await followEventStream({
        url: '/ledger/stream',
        headers: authHeaders(session.key),
        lastEventId: String(head),
        signal: controller.signal,
        onMessage: (message) => {
          try {
            pending.push(JSON.parse(message.data) as LedgerEvent);
          } catch {
            return;
          }
          if (timer === undefined) timer = setTimeout(flush, 250);
        },
        onState: (state, detail) => {
          if (state === 'refused') {
            setLive((s) => ({ ...s, state: 'polling', detail: t('app.live.pollingDetail') }));
            void poll();
          } else if (state !== 'closed') {
            setLive((s) => ({ ...s, state, detail }));
          }
        },
      });
    })();
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [session.key]);
  return live;
}

export const LiveContext = createContext<LiveState>({ state: 'connecting', events: [], version: 0 });

// --- organization names ----------------------------------------------------------------------

export interface OrganizationInfo {
  name: string;
  sector: string;
}

export const NamesContext = createContext<Map<string, OrganizationInfo>>(new Map());

/** Names and sectors of the partnership's members (from their scorecards), read once per session. */
export function useNames(session: Session, members: string[] | undefined): Map<string, OrganizationInfo> {
  const [names, setNames] = useState(() => new Map<string, OrganizationInfo>());
  const key = members?.join(',') ?? '';
  useEffect(() => {
    if (!members || members.length === 0) return;
    const controller = new AbortController();
    const queue = [...members];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const card = await getJson<{ organization: { name: string; sector: string } }>(session.key, `/organizations/${encodeURIComponent(id)}/accountability`, controller.signal);
          const found = id;
          setNames((previous) => new Map(previous).set(found, { name: card.organization.name, sector: card.organization.sector }));
        } catch {
          if (controller.signal.aborted) return;
        }
      }
    };
    void Promise.all([worker(), worker(), worker()]);
    return () => controller.abort();
  }, [key, session.key]);
  return names;
}

// --- the browser's own audit -------------------------------------------------------------------

export interface AuditResult {
  /** verified: signature and an inclusion proof; signed: the signature only (the key may not read events). */
  status: 'idle' | 'checking' | 'verified' | 'signed' | 'failed' | 'unavailable';
  checks: Check[];
  checkpoint?: CheckpointDocument;
  publicKey?: PublicKeyDocument;
  event?: LedgerEvent;
  proof?: InclusionProofDocument;
  detail?: string;
  checkedAt?: string;
}

export interface AuditState {
  result: AuditResult;
  /** Checks the latest signed checkpoint and the inclusion of `event` (default: the last event of the log). */
  run(event?: LedgerEvent): Promise<AuditResult>;
}

export const AuditContext = createContext<AuditState>({ result: { status: 'idle', checks: [] }, run: async () => ({ status: 'idle', checks: [] }) });

const PINNED_KEY = 'stewardship-ledger.pinned-key';

/** Trust on first use: the ledger key this browser saw first, so a changed key is noticed. */
function pinCheck(key: PublicKeyDocument): Check {
  const label = t('audit.check.pinned-key');
  try {
    const pinned = localStorage.getItem(PINNED_KEY);
    const current = `${key.origin} ${key.publicKey}`;
    if (pinned === null) {
      localStorage.setItem(PINNED_KEY, current);
      return { id: 'pinned-key', label, ok: true, detail: t('audit.pin.first', { keyId: key.keyId }) };
    }
    return pinned === current
      ? { id: 'pinned-key', label, ok: true, detail: t('audit.pin.same', { keyId: key.keyId }) }
      : { id: 'pinned-key', label, ok: false, detail: t('audit.pin.changed', { keyId: key.keyId }) };
  } catch {
    return { id: 'pinned-key', label, ok: true, detail: t('audit.pin.noStorage') };
  }
}

/**
 * The event whose inclusion to check: the last of the log; for a key that may not read the raw log
 * (an observer's), the latest step of the partnership's commitments, from the public queries.
 */
async function latestEvent(session: Session, treeSize: number): Promise<LedgerEvent | undefined> {
  try {
    const page = await getJson<{ items: LedgerEvent[] }>(session.key, `/ledger/events${query({ after: treeSize - 1, limit: 1 })}`);
    return page.items[0];
  } catch (error) {
    if (!(error instanceof ApiError && (error.status === 401 || error.status === 403))) throw error;
  }
  const list = await getJson<{ items: Array<{ id: string; lastEvent: { position: number } }> }>(
    session.key,
    `/commitments${query({ collaborative: session.collaborative, limit: 500 })}`,
  );
  const latest = list.items.filter((c) => c.lastEvent.position <= treeSize).sort((a, b) => b.lastEvent.position - a.lastEvent.position)[0];
  if (!latest) return undefined;
  const detail = await getJson<{ history?: LedgerEvent[] }>(session.key, `/commitments/${encodeURIComponent(latest.id)}`);
  // An observer reads no event histories either: then there is no event to check.
  return detail.history?.filter((e) => e.position <= treeSize).at(-1);
}

export function useAudit(session: Session): AuditState {
  const [result, setResult] = useState<AuditResult>({ status: 'idle', checks: [] });
  const running = useRef(0);
  const run = useCallback(
    async (event?: LedgerEvent): Promise<AuditResult> => {
      const ticket = ++running.current;
      setResult((r) => ({ ...r, status: 'checking' }));
      let next: AuditResult;
      try {
        const [publicKey, checkpoint] = await Promise.all([
          getJson<PublicKeyDocument>(session.key, '/ledger/public-key'),
          getJson<CheckpointDocument>(session.key, '/ledger/checkpoint'),
        ]);
        const checks = [...(await checkCheckpoint(checkpoint, publicKey)), pinCheck(publicKey)];
        const subject = event ?? (checkpoint.treeSize > 0 ? await latestEvent(session, checkpoint.treeSize) : undefined);
        let proof: InclusionProofDocument | undefined;
        if (subject) {
          proof = await getJson<InclusionProofDocument>(
            session.key,
            `/ledger/proofs/inclusion/${encodeURIComponent(subject.eventId)}${query({ treeSize: checkpoint.treeSize })}`,
          ).catch((error: unknown) => {
            if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return undefined;
            throw error;
          });
          if (proof) checks.push(...(await checkInclusion(subject, proof, checkpoint)));
        }
        const ok = checks.every((c) => c.ok);
        next = {
          status: !ok ? 'failed' : proof ? 'verified' : 'signed',
          checks,
          checkpoint,
          publicKey,
          event: proof ? subject : undefined,
          proof,
          detail: proof ? undefined : t('audit.signatureOnly'),
          checkedAt: new Date().toISOString(),
        };
      } catch (error) {
        const refused = error instanceof ApiError && (error.status === 401 || error.status === 403);
        next = {
          status: refused ? 'unavailable' : 'failed',
          checks: [],
          detail: refused ? t('audit.noCheckpoints') : t('audit.couldNotRun', { message: (error as Error)?.message ?? String(error) }),
          checkedAt: new Date().toISOString(),
        };
      }
      if (ticket === running.current) setResult(next);
      return next;
    },
    [session],
  );
  return useMemo(() => ({ result, run }), [result, run]);
}

export function Providers(props: { app: AppState; live: LiveState; names: Map<string, OrganizationInfo>; audit: AuditState; children: ComponentChildren }) {
  return (
    <AppContext.Provider value={props.app}>
      <LiveContext.Provider value={props.live}>
        <NamesContext.Provider value={props.names}>
          <AuditContext.Provider value={props.audit}>{props.children}</AuditContext.Provider>
        </NamesContext.Provider>
      </LiveContext.Provider>
    </AppContext.Provider>
  );
}

/** The key's id, from its form `ldk_<keyId>_<secret>`. */
export function keyIdOf(key: string): string | null {
  return /^ldk_([0-9a-f]+)_/.exec(key)?.[1] ?? null;
}

/** The organization a key acts for: its own entry in GET /api-keys (the operator's key has none). */
export function useSelf(session: Session): string | null {
  const [self, setSelf] = useState<string | null>(null);
  useEffect(() => {
    const keyId = keyIdOf(session.key);
    if (!keyId) return;
    getJson<{ items: Array<{ keyId: string; organizationId: string | null }> }>(session.key, '/api-keys').then(
      (list) => setSelf(list.items.find((k) => k.keyId === keyId)?.organizationId ?? null),
      () => setSelf(null),
    );
  }, [session.key]);
  return self;
}
