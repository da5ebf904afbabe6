import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getJson, type Session } from './lib/api';
import { formatDate, humanizeType, todayUtc } from './lib/format';
import { asOfOf, href, navigate, useRoute, type Route } from './lib/router';
import { clearSession, loadSession } from './lib/session';
import type { CollaborativeSummary } from './lib/types';
import { AuditPage } from './pages/audit';
import { CommitmentPage } from './pages/commitment';
import { CommitmentsPage } from './pages/commitments';
import { GovernancePage, MeetingPage, ResolutionPage } from './pages/governance';
import { OrganizationPage, OrganizationsPage } from './pages/organizations';
import { OverviewPage } from './pages/overview';
import { SignIn } from './pages/sign-in';
import { AuditContext, LiveContext, NamesContext, Providers, useApp, useAudit, useLive, useNames, type AppState } from './state';

export function Root() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState<string | null>(null);
  const signOut = useCallback((message?: string) => {
    clearSession();
    setNotice(message ?? null);
    setSession(null);
  }, []);
  if (!session) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(s) => {
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }
  return <SignedIn key={session.key + session.collaborative} session={session} signOut={signOut} />;
}

const NAV = [
  { path: '/', label: 'Overview', match: (p: string) => p === '/' },
  { path: '/commitments', label: 'Commitments', match: (p: string) => p.startsWith('/commitments') },
  { path: '/organizations', label: 'Organizations', match: (p: string) => p.startsWith('/organizations') },
  { path: '/governance', label: 'Governance', match: (p: string) => /^\/(governance|resolutions|meetings)/.test(p) },
  { path: '/audit', label: 'Audit', match: (p: string) => p.startsWith('/audit') },
];

function SignedIn({ session, signOut }: { session: Session; signOut: (message?: string) => void }) {
  const route = useRoute();
  const asOf = asOfOf(route);
  const live = useLive(session);
  const audit = useAudit(session);
  // The partnership as it is now: its name for the header, its members for names everywhere.
  const [partnership, setPartnership] = useState<CollaborativeSummary | null>(null);
  useEffect(() => {
    getJson<CollaborativeSummary>(session.key, `/collaboratives/${encodeURIComponent(session.collaborative)}/summary`).then(setPartnership, () => undefined);
  }, [session]);
  const members = useMemo(() => partnership?.collaborative.members.map((m) => m.organizationId), [partnership]);
  const names = useNames(session, members);
  const app: AppState = useMemo(() => ({ session, asOf, liveVersion: live.version, signOut }), [session, asOf, live.version, signOut]);

  // The browser checks the signed log once at sign-in; the Audit page and each event can check again.
  useEffect(() => {
    void audit.run();
    // Once per session.
  }, [audit.run]);

  return (
    <Providers app={app} live={{ ...live, state: asOf ? 'paused' : live.state }} names={names} audit={audit}>
      <Shell route={route} partnershipName={partnership?.collaborative.name ?? session.collaborative} />
    </Providers>
  );
}

function Shell({ route, partnershipName }: { route: Route; partnershipName: string }) {
  const { asOf, signOut } = useApp();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // Moving to another page puts the keyboard and screen reader at its start.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
    window.scrollTo(0, 0);
  }, [route.path]);

  const today = todayUtc();
  const setDate = (value: string) => {
    const params = Object.fromEntries(route.query.entries());
    delete params.asOf;
    navigate(href(route.path, params, value && value < today ? value : null));
  };

  return (
    <>
      <a
        class="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="topbar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            ◆
          </span>
          <div>
            <span class="brand-kicker">Stewardship ledger</span>
            <span class="brand-name">{partnershipName}</span>
          </div>
        </div>
        <nav aria-label="Main" class="nav">
          {NAV.map((item) => (
            <a key={item.path} href={href(item.path, {}, asOf)} aria-current={item.match(route.path) ? 'page' : undefined}>
              {item.label}
            </a>
          ))}
        </nav>
        <div class="controls">
          <form class="as-of" role="search" aria-label="Time travel" onSubmit={(e) => e.preventDefault()}>
            <label for="as-of-date">Ledger as of</label>
            <input id="as-of-date" type="date" max={today} value={asOf ?? today} onChange={(e) => setDate((e.currentTarget as HTMLInputElement).value)} />
            <button type="button" class="secondary" disabled={!asOf} onClick={() => setDate('')}>
              Now
            </button>
          </form>
          <LiveBadge />
          <AuditBadge />
          <button type="button" class="secondary" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {asOf && (
        <div class="time-travel" role="status" data-as-of={asOf}>
          <strong>Time travel:</strong> every page shows the ledger as it stood at the end of {formatDate(asOf)} (UTC). Live updates are paused.{' '}
          <a href={href(route.path, Object.fromEntries([...route.query.entries()].filter(([k]) => k !== 'asOf')))}>Back to now</a>
        </div>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
      <Toasts />
      <footer class="footer">
        <p>
          Read from this ledger’s public HTTP API (<a href="/docs">API documentation</a>). Every figure is as the ledger recorded it; the Audit page checks the
          log’s signature in this browser.
        </p>
      </footer>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const parts = route.path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return <OverviewPage />;
  if (parts[0] === 'commitments' && parts.length === 1) return <CommitmentsPage route={route} />;
  if (parts[0] === 'commitments' && parts.length === 2) return <CommitmentPage id={parts[1]} />;
  if (parts[0] === 'organizations' && parts.length === 1) return <OrganizationsPage />;
  if (parts[0] === 'organizations' && parts.length === 2) return <OrganizationPage id={parts[1]} />;
  if (parts[0] === 'governance' && parts.length === 1) return <GovernancePage route={route} />;
  if (parts[0] === 'resolutions' && parts.length === 2) return <ResolutionPage id={parts[1]} />;
  if (parts[0] === 'meetings' && parts.length === 2) return <MeetingPage id={parts[1]} />;
  if (parts[0] === 'audit') return <AuditPage />;
  return (
    <div class="page">
      <h1>Not found</h1>
      <p>
        There is no page at {route.path}. <a href="#/">Go to the overview</a>.
      </p>
    </div>
  );
}

function LiveBadge() {
  const live = useContext(LiveContext);
  const text: Record<string, string> = {
    connecting: 'Connecting…',
    open: 'Live',
    reconnecting: 'Reconnecting…',
    refused: 'Not live',
    closed: 'Not live',
    polling: 'Live (polling)',
    paused: 'Live paused',
  };
  return (
    <span class={`live live-${live.state}`} role="status" title={live.detail} data-live={live.state}>
      <span class="dot" aria-hidden="true" />
      {text[live.state] ?? live.state}
    </span>
  );
}

function AuditBadge() {
  const { result } = useContext(AuditContext);
  const { asOf } = useApp();
  const text = {
    idle: 'Log not checked',
    checking: 'Checking log…',
    verified: `Log verified (${result.checkpoint?.treeSize ?? 0} events)`,
    signed: 'Checkpoint signature verified',
    failed: 'Log check failed',
    unavailable: 'Log check unavailable',
  }[result.status];
  return (
    <a class={`audit-badge audit-${result.status}`} href={href('/audit', {}, asOf)} data-audit={result.status}>
      <span aria-hidden="true">{result.status === 'verified' || result.status === 'signed' ? '✓' : result.status === 'failed' ? '✗' : '○'}</span> {text}
    </a>
  );
}

/** New events, announced politely; the overview lists them too. */
function Toasts() {
  const live = useContext(LiveContext);
  const names = useContext(NamesContext);
  const [shown, setShown] = useState<Array<{ id: string; text: string }>>([]);
  const seen = useRef<string | null>(null);
  const timers = useRef<Array<ReturnType<typeof setTimeout>>>([]);
  useEffect(() => {
    const latest = live.events[0];
    if (!latest || latest.eventId === seen.current) return;
    const fresh = [];
    for (const event of live.events) {
      if (event.eventId === seen.current) break;
      fresh.push(event);
    }
    seen.current = latest.eventId;
    const items = fresh.slice(0, 3).map((event) => {
      const who = event.actor.organizationId ? (names.get(event.actor.organizationId)?.name ?? event.actor.organizationId) : event.actor.type;
      return { id: event.eventId, text: `${humanizeType(event.type)} — ${who}` };
    });
    setShown((s) => [...items, ...s].slice(0, 3));
    timers.current.push(setTimeout(() => setShown((s) => s.filter((t) => !items.some((i) => i.id === t.id))), 6000));
  }, [live.events, names]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  return (
    <div class="toasts" role="log" aria-live="polite" aria-label="New events">
      {shown.map((t) => (
        <div class="toast" key={t.id}>
          New event: {t.text}
        </div>
      ))}
    </div>
  );
}
