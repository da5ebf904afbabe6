import { useContext, useEffect } from 'preact/hooks';
import { InstantText, Section } from '../components/common';
import { WitnessesSection } from '../components/witnesses';
import { t, tOr } from '../i18n';
import { T } from '../components/t';
import { eventLabel } from '../lib/format';
import { href } from '../lib/router';
import { AuditContext, useApp } from '../state';

/**
 * The browser's own check of the ledger: the latest signed checkpoint, its Ed25519 signature
 * verified with WebCrypto, and the inclusion of the last event checked, from its recomputed hash
 * to the signed root. Nothing here takes the server's word for a result.
 */
export function AuditPage() {
  const { result, run } = useContext(AuditContext);
  const { asOf } = useApp();
  useEffect(() => {
    document.title = `${t('app.nav.audit')} · ${t('app.title')}`;
  }, []);
  const cp = result.checkpoint;
  const key = result.publicKey;
  const verdict = t(`audit.verdict.${result.status}`);

  return (
    <div class="page" aria-busy={result.status === 'checking'}>
      <div class="page-head">
        <h1>{t('app.nav.audit')}</h1>
        <p class="lede">{t('audit.lede')}</p>
      </div>
      <section class={`card verdict verdict-${result.status}`} aria-labelledby="verdict-title" data-audit-verdict={result.status}>
        <div class="card-head">
          <h2 id="verdict-title">
            <span aria-hidden="true">{result.status === 'verified' || result.status === 'signed' ? '✓ ' : result.status === 'failed' ? '✗ ' : ''}</span>
            {verdict}
          </h2>
          <button type="button" onClick={() => void run()} disabled={result.status === 'checking'}>
            {t('audit.again')}
          </button>
        </div>
        {result.detail && <p role={result.status === 'failed' ? 'alert' : 'status'}>{result.detail}</p>}
        {result.checkedAt && (
          <p class="muted small">
            <T k="audit.lastChecked" values={{ at: <InstantText iso={result.checkedAt} /> }} />
            {result.event && (
              <>
                {' '}
                — {t('audit.inclusionOf', { position: result.event.position, type: eventLabel(result.event.type) })}
                {result.event.streamId.startsWith('commitment-') && (
                  <>
                    , <a href={href(`/commitments/${result.event.streamId.slice('commitment-'.length)}`, {}, asOf)}>{t('audit.itsCommitment')}</a>
                  </>
                )}
                )
              </>
            )}
          </p>
        )}
        {result.checks.length > 0 && (
          <ul class="checks" aria-label={t('audit.checks')}>
            {result.checks.map((c) => (
              <li key={c.id} class={c.ok ? 'ok' : 'bad'} data-check={c.id} data-ok={String(c.ok)}>
                <span class="check-mark" aria-hidden="true">
                  {c.ok ? '✓' : '✗'}
                </span>
                <span>
                  <strong>{tOr(`audit.check.${c.id}`, c.label, { position: result.event?.position, size: cp?.treeSize })}</strong>
                  <span class="visually-hidden">{c.ok ? t('audit.passed') : t('audit.failed')}</span>
                  <br />
                  <span class="muted small">{c.detail}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div class="grid-2">
        <Section title={t('audit.checkpoint')} id="checkpoint">
          {cp ? (
            <>
              <dl class="facts mono-values">
                <div class="fact">
                  <dt>{t('audit.origin')}</dt>
                  <dd>{cp.origin}</dd>
                </div>
                <div class="fact">
                  <dt>{t('audit.treeSize')}</dt>
                  <dd data-tree-size={cp.treeSize}>{t('audit.events', { count: cp.treeSize })}</dd>
                </div>
                <div class="fact">
                  <dt>{t('audit.rootHash')}</dt>
                  <dd class="break">{cp.rootHash}</dd>
                </div>
                <div class="fact">
                  <dt>{t('audit.signedAt')}</dt>
                  <dd>
                    <InstantText iso={cp.timestamp} />
                  </dd>
                </div>
                <div class="fact">
                  <dt>{t('audit.keyId')}</dt>
                  <dd>{cp.keyId}</dd>
                </div>
                <div class="fact">
                  <dt>{t('audit.signature')}</dt>
                  <dd class="break">{cp.signature}</dd>
                </div>
              </dl>
              {cp.note && (
                <details>
                  <summary>{t('audit.note')}</summary>
                  <pre class="note">{cp.note}</pre>
                </details>
              )}
            </>
          ) : (
            <p class="muted">{result.status === 'checking' ? t('common.readingShort') : t('audit.noCheckpoint')}</p>
          )}
        </Section>
        <Section title={t('audit.publicKey')} id="public-key">
          {key ? (
            <>
              <dl class="facts mono-values">
                <div class="fact">
                  <dt>{t('audit.ed25519')}</dt>
                  <dd class="break">{key.publicKey}</dd>
                </div>
                <div class="fact">
                  <dt>{t('audit.keyId')}</dt>
                  <dd>{key.keyId}</dd>
                </div>
              </dl>
              {key.pem && (
                <details>
                  <summary>{t('audit.pem')}</summary>
                  <pre class="note">{key.pem}</pre>
                </details>
              )}
              <p class="muted small">{t('audit.remembers')}</p>
            </>
          ) : (
            <p class="muted">{t('audit.noKey')}</p>
          )}
        </Section>
      </div>
      <WitnessesSection current={result.status === 'verified' || result.status === 'signed' ? cp : undefined} />
      {result.event && result.proof && (
        <Section title={t('audit.proof')} id="proof">
          <dl class="facts mono-values">
            <div class="fact">
              <dt>{t('audit.event')}</dt>
              <dd>
                {result.event.position} · {result.event.eventId} · {result.event.streamId}
              </dd>
            </div>
            <div class="fact">
              <dt>{t('audit.leaf')}</dt>
              <dd class="break">{result.proof.leaf}</dd>
            </div>
            <div class="fact">
              <dt>{t('audit.path', { count: result.proof.path.length })}</dt>
              <dd>
                <ol class="path">
                  {result.proof.path.map((h, i) => (
                    <li key={i} class="break">
                      {h}
                    </li>
                  ))}
                </ol>
              </dd>
            </div>
          </dl>
        </Section>
      )}
    </div>
  );
}
