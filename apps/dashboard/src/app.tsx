import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { getJson, type Session } from './lib/api';
import { LocaleContext, LocalePicker } from './components/locale';
import { locale as currentLocale, setLocale, t, tn, type Locale } from './i18n';
import { T } from './components/t';
import { inboxItems, InboxPage, type InboxDocument } from './pages/inbox';
import { PledgePage, PledgesPage } from './pages/pledges';
import { AgreementsPage, DeclarationPage, RiskAgreementPage } from './pages/agreements';
import { eventLabel, formatDate, todayUtc } from './lib/format';
import { asOfOf, href, navigate, parseHash, useRoute, type Route } from './lib/router';
import { clearSession, loadSession } from './lib/session';
import type { CollaborativeSummary } from './lib/types';
import { AuditPage } from './pages/audit';
import { CommitmentPage } from './pages/commitment';
import { CommitmentsPage } from './pages/commitments';
import { GovernancePage, MeetingPage, ResolutionPage } from './pages/governance';
import { OrganizationPage, OrganizationsPage } from './pages/organizations';
import { OverviewPage } from './pages/overview';
import { SignIn } from './pages/sign-in';
import { AuditContext, LiveContext, NamesContext, Providers, useApi, useApp, useAudit, useLive, useNames, useSelf, type AppState } from './state';

/** The language and formats chosen: changing it re-renders the whole app (every text is read from the catalogue as it renders). */
export function Root() {
  const [locale, setLocaleState] = useState<Locale>(() => currentLocale());
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const choose = useCallback((next: Locale) => {
    setLocale(next);
    setLocaleState(next);
  }, []);
  return (
    <LocaleContext.Provider value={{ locale, choose }}>
      <SessionGate />
    </LocaleContext.Provider>
  );
}

function SessionGate() {
  useContext(LocaleContext);
  const [session, setSession] = useState<Session | null>(() => loadSession());
  // Signed in just now (not a reload): an organization's key opens on its inbox.
  const [fresh, setFresh] = useState(false);
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
          setFresh(true);
          setSession(s);
        }}
      />
    );
  }
  return <SignedIn key={session.key + session.collaborative} session={session} signOut={signOut} fresh={fresh} />;
}

const NAV = [
  { path: '/', label: 'app.nav.overview', match: (p: string) => p === '/' },
  { path: '/commitments', label: 'app.nav.commitments', match: (p: string) => p.startsWith('/commitments') },
  { path: '/pledges', label: 'app.nav.pledges', match: (p: string) => p.startsWith('/pledges') },
  { path: '/agreements', label: 'app.nav.agreements', match: (p: string) => /^\/(agreements|declarations|risk-agreements)/.test(p) },
  { path: '/organizations', label: 'app.nav.organizations', match: (p: string) => p.startsWith('/organizations') },
  { path: '/governance', label: 'app.nav.governance', match: (p: string) => /^\/(governance|resolutions|meetings)/.test(p) },
  { path: '/audit', label: 'app.nav.audit', match: (p: string) => p.startsWith('/audit') },
];

function SignedIn({ session, signOut, fresh }: { session: Session; signOut: (message?: string) => void; fresh: boolean }) {
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
  const self = useSelf(session);
  // An organization that acts in the partnership (a steward or a member) lands on what waits on it;
  // an auditor or observer, who takes no step, on the overview.
  const role = partnership?.collaborative.members.find((m) => m.organizationId === self)?.role;
  useEffect(() => {
    if (fresh && self && (role === 'steward' || role === 'member') && parseHash(location.hash).path === '/') navigate(href('/inbox'));
  }, [fresh, self, role]);
  const app: AppState = useMemo(
    () => ({ session, asOf, liveVersion: live.version, signOut, self, members: partnership?.collaborative.members ?? [] }),
    [session, asOf, live.version, signOut, self, partnership],
  );

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
  const { asOf, signOut, self } = useApp();
  // What waits on the signed-in organization, counted in the navigation (read again as events arrive).
  const inbox = useApi<InboxDocument>(self ? `/organizations/${encodeURIComponent(self)}/inbox` : null, { timeTravel: false });
  const { session } = useApp();
  const waiting = inbox.data ? inboxItems(inbox.data, session.collaborative).length : 0;
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
        {t('app.skip')}
      </a>
      <header class="topbar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            ◆
          </span>
          <div>
            <span class="brand-kicker">{t('app.kicker')}</span>
            <span class="brand-name">{partnershipName}</span>
          </div>
        </div>
        <nav aria-label={t('app.nav.label')} class="nav">
          {self && (
            <a href={href('/inbox', {}, asOf)} aria-current={route.path === '/inbox' ? 'page' : undefined} data-nav="inbox">
              {t('app.nav.inbox')}{' '}
              {inbox.data && (
                <span class={`count-badge${waiting > 0 ? ' has-items' : ''}`} data-inbox-count={waiting}>
                  <span aria-hidden="true">{waiting}</span>
                  <span class="visually-hidden">{tn('app.nav.inboxCount', waiting)}</span>
                </span>
              )}
            </a>
          )}
          {NAV.map((item) => (
            <a key={item.path} href={href(item.path, {}, asOf)} aria-current={item.match(route.path) ? 'page' : undefined}>
              {t(item.label)}
            </a>
          ))}
        </nav>
        <div class="controls">
          <form class="as-of" role="search" aria-label={t('app.asOf.region')} onSubmit={(e) => e.preventDefault()}>
            <label for="as-of-date">{t('app.asOf.label')}</label>
            <input id="as-of-date" type="date" max={today} value={asOf ?? today} onChange={(e) => setDate((e.currentTarget as HTMLInputElement).value)} />
            <button type="button" class="secondary" disabled={!asOf} onClick={() => setDate('')}>
              {t('app.asOf.now')}
            </button>
          </form>
          <LiveBadge />
          <AuditBadge />
          <LocalePicker id="locale-header" />
          <button type="button" class="secondary" onClick={() => signOut()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      {asOf && (
        <div class="time-travel" role="status" data-as-of={asOf}>
          <strong>{t('app.timeTravelTitle')}</strong> {t('app.timeTravelText', { date: formatDate(asOf) })}{' '}
          <a href={href(route.path, Object.fromEntries([...route.query.entries()].filter(([k]) => k !== 'asOf')))}>{t('app.backToNow')}</a>
        </div>
      )}
      <main id="main" ref={main} tabIndex={-1} data-route={route.path}>
        <Page route={route} />
      </main>
      <Toasts />
      <footer class="footer">
        <p>
          <T k="app.footer" values={{ docs: <a href="/docs">{t('app.apiDocs')}</a> }} />
        </p>
      </footer>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const parts = route.path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return <OverviewPage />;
  if (parts[0] === 'inbox' && parts.length === 1) return <InboxPage />;
  if (parts[0] === 'pledges' && parts.length === 1) return <PledgesPage route={route} />;
  if (parts[0] === 'pledges' && parts.length === 2) return <PledgePage id={parts[1]} />;
  if (parts[0] === 'agreements' && parts.length === 1) return <AgreementsPage />;
  if (parts[0] === 'declarations' && parts.length === 2) return <DeclarationPage id={parts[1]} />;
  if (parts[0] === 'risk-agreements' && parts.length === 2) return <RiskAgreementPage id={parts[1]} />;
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
      <h1>{t('app.notFound')}</h1>
      <p>
        <T k="app.notFoundText" values={{ path: route.path, link: <a href="#/">{t('app.goOverview')}</a> }} />
      </p>
    </div>
  );
}

function LiveBadge() {
  const live = useContext(LiveContext);
  return (
    <span class={`live live-${live.state}`} role="status" title={live.state === 'polling' ? t('app.live.pollingDetail') : live.detail} data-live={live.state}>
      <span class="dot" aria-hidden="true" />
      {t(`app.live.${live.state}`)}
    </span>
  );
}

function AuditBadge() {
  const { result } = useContext(AuditContext);
  const { asOf } = useApp();
  const text = t(`app.auditBadge.${result.status}`, { count: result.checkpoint?.treeSize ?? 0 });
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
      return { id: event.eventId, text: `${eventLabel(event.type)} — ${who}` };
    });
    setShown((s) => [...items, ...s].slice(0, 3));
    timers.current.push(setTimeout(() => setShown((s) => s.filter((t) => !items.some((i) => i.id === t.id))), 6000));
  }, [live.events, names]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  return (
    <div class="toasts" role="log" aria-live="polite" aria-label={t('app.newEvents')}>
      {shown.map((toast) => (
        <div class="toast" key={toast.id}>
          {t('app.newEvent', { text: toast.text })}
        </div>
      ))}
    </div>
  );
}
