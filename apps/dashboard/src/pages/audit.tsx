import { useContext, useEffect } from 'preact/hooks';
import { InstantText, Section } from '../components/common';
import { WitnessesSection } from '../components/witnesses';
import { humanizeType } from '../lib/format';
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
    document.title = 'Audit · Stewardship dashboard';
  }, []);
  const cp = result.checkpoint;
  const key = result.publicKey;
  const verdict = {
    idle: 'Not checked yet',
    checking: 'Checking…',
    verified: 'Verified in this browser',
    signed: 'Checkpoint signature verified in this browser',
    failed: 'The check failed',
    unavailable: 'Not available to this key',
  }[result.status];

  return (
    <div class="page" aria-busy={result.status === 'checking'}>
      <div class="page-head">
        <h1>Audit</h1>
        <p class="lede">
          The ledger signs the head of its Merkle log (RFC 9162). This page checks that signature and an event’s inclusion proof here, in your browser, with
          WebCrypto — so you need not trust the server’s word. Checkpoints always describe the log as it is now, whatever date the other pages show.
        </p>
      </div>
      <section class={`card verdict verdict-${result.status}`} aria-labelledby="verdict-title" data-audit-verdict={result.status}>
        <div class="card-head">
          <h2 id="verdict-title">
            <span aria-hidden="true">{result.status === 'verified' || result.status === 'signed' ? '✓ ' : result.status === 'failed' ? '✗ ' : ''}</span>
            {verdict}
          </h2>
          <button type="button" onClick={() => void run()} disabled={result.status === 'checking'}>
            Check the latest checkpoint again
          </button>
        </div>
        {result.detail && <p role={result.status === 'failed' ? 'alert' : 'status'}>{result.detail}</p>}
        {result.checkedAt && (
          <p class="muted small">
            Last checked <InstantText iso={result.checkedAt} />
            {result.event && (
              <>
                {' '}
                — the inclusion of event {result.event.position} ({humanizeType(result.event.type)}
                {result.event.streamId.startsWith('commitment-') && (
                  <>
                    , <a href={href(`/commitments/${result.event.streamId.slice('commitment-'.length)}`, {}, asOf)}>its commitment</a>
                  </>
                )}
                )
              </>
            )}
          </p>
        )}
        {result.checks.length > 0 && (
          <ul class="checks" aria-label="Checks">
            {result.checks.map((c) => (
              <li key={c.id} class={c.ok ? 'ok' : 'bad'} data-check={c.id} data-ok={String(c.ok)}>
                <span class="check-mark" aria-hidden="true">
                  {c.ok ? '✓' : '✗'}
                </span>
                <span>
                  <strong>{c.label}</strong>
                  <span class="visually-hidden">{c.ok ? ': passed' : ': failed'}</span>
                  <br />
                  <span class="muted small">{c.detail}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div class="grid-2">
        <Section title="Latest signed checkpoint" id="checkpoint">
          {cp ? (
            <>
              <dl class="facts mono-values">
                <div class="fact">
                  <dt>Origin</dt>
                  <dd>{cp.origin}</dd>
                </div>
                <div class="fact">
                  <dt>Tree size</dt>
                  <dd data-tree-size={cp.treeSize}>{cp.treeSize} events</dd>
                </div>
                <div class="fact">
                  <dt>Root hash</dt>
                  <dd class="break">{cp.rootHash}</dd>
                </div>
                <div class="fact">
                  <dt>Signed at</dt>
                  <dd>
                    <InstantText iso={cp.timestamp} />
                  </dd>
                </div>
                <div class="fact">
                  <dt>Key ID</dt>
                  <dd>{cp.keyId}</dd>
                </div>
                <div class="fact">
                  <dt>Signature</dt>
                  <dd class="break">{cp.signature}</dd>
                </div>
              </dl>
              {cp.note && (
                <details>
                  <summary>The signed note (C2SP format)</summary>
                  <pre class="note">{cp.note}</pre>
                </details>
              )}
            </>
          ) : (
            <p class="muted">{result.status === 'checking' ? 'Reading…' : 'No checkpoint read.'}</p>
          )}
        </Section>
        <Section title="The ledger’s public key" id="public-key">
          {key ? (
            <>
              <dl class="facts mono-values">
                <div class="fact">
                  <dt>Ed25519 key (base64)</dt>
                  <dd class="break">{key.publicKey}</dd>
                </div>
                <div class="fact">
                  <dt>Key ID</dt>
                  <dd>{key.keyId}</dd>
                </div>
              </dl>
              {key.pem && (
                <details>
                  <summary>PEM, for `ledger verify --public-key`</summary>
                  <pre class="note">{key.pem}</pre>
                </details>
              )}
              <p class="muted small">This browser remembers the key it first saw and warns if the ledger later presents another one.</p>
            </>
          ) : (
            <p class="muted">No key read.</p>
          )}
        </Section>
      </div>
      <WitnessesSection current={result.status === 'verified' || result.status === 'signed' ? cp : undefined} />
      {result.event && result.proof && (
        <Section title="The inclusion proof checked" id="proof">
          <dl class="facts mono-values">
            <div class="fact">
              <dt>Event</dt>
              <dd>
                {result.event.position} · {result.event.eventId} · {result.event.streamId}
              </dd>
            </div>
            <div class="fact">
              <dt>Leaf (event hash)</dt>
              <dd class="break">{result.proof.leaf}</dd>
            </div>
            <div class="fact">
              <dt>Path ({result.proof.path.length} hashes, sibling first)</dt>
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
