import { useContext, useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, query } from '../lib/api';
import {
  bytesToHex,
  checkCheckpoint,
  readWitnessVkey,
  signatureLineKey,
  verifyConsistencyProof,
  verifyCosignatureLine,
  type Check,
  type CheckpointDocument,
  type PublicKeyDocument,
  type WitnessVerifier,
} from '../lib/verify';
import { NamesContext, useApp } from '../state';
import { InstantText, Section, TableWrap } from './common';

/** GET /ledger/witnesses: the charter's witnesses, with their keys as the log holds them. */
interface WitnessList {
  collaborativeId: string;
  quorum: number;
  witnesses: Array<{ organizationId: string; keys: Array<{ name: string; keyId: string; vkey: string; revoked: boolean }> }>;
}

type CosignedCheckpoint = CheckpointDocument & { cosignatures: string[] };

interface WitnessRow {
  organizationId: string;
  /** The key whose line was found (or the first key in force), for display. */
  name?: string;
  keyId?: string;
  status: 'cosigned' | 'invalid' | 'missing' | 'no-key';
  /** The key that cosigned (hex): one key counts once, whoever lists it. */
  key?: string;
  cosignedAt?: string;
  detail: string;
}

type WitnessAudit =
  | { status: 'checking' }
  | { status: 'none' | 'unavailable' | 'failed'; detail: string }
  | { status: 'waiting'; list: WitnessList }
  | { status: 'met' | 'not-met'; list: WitnessList; checkpoint: CosignedCheckpoint; rows: WitnessRow[]; checks: Check[]; cosigned: number };

/**
 * Which of the charter's witnesses cosigned the latest witnessed checkpoint, and whether their
 * quorum holds — every line verified here with WebCrypto (c2sp.org/tlog-cosignature), with the
 * ledger's signature of that checkpoint and a consistency proof that the log checked above extends it.
 */
export function WitnessesSection({ current }: { current?: CheckpointDocument }) {
  const { session } = useApp();
  const names = useContext(NamesContext);
  const [audit, setAudit] = useState<WitnessAudit>({ status: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    setAudit({ status: 'checking' });
    checkWitnesses(session.key, session.collaborative, current, controller.signal).then(
      (result) => !controller.signal.aborted && setAudit(result),
      (error: unknown) => !controller.signal.aborted && setAudit({ status: 'failed', detail: `The check could not run: ${(error as Error)?.message ?? error}` }),
    );
    return () => controller.abort();
  }, [session.key, session.collaborative, current?.treeSize, current?.rootHash]);

  const name = (id: string) => names.get(id)?.name ?? id;
  return (
    <Section title="Witnesses" id="witnesses">
      <p class="muted small">
        The ledger’s operator holds its signing key, so it could show one history to some members and another to the rest. The members the charter names as
        witnesses cosign a checkpoint only once the ledger proves it extends the last one they cosigned; a checkpoint enough of them cosigned is one they all saw.
      </p>
      <div data-witness-quorum={audit.status}>
        {audit.status === 'checking' && <p class="muted">Checking the witnesses’ cosignatures…</p>}
        {(audit.status === 'none' || audit.status === 'unavailable' || audit.status === 'failed') && (
          <p class={audit.status === 'failed' ? 'bad-text' : 'muted'} role={audit.status === 'failed' ? 'alert' : undefined}>
            {audit.detail}
          </p>
        )}
        {audit.status === 'waiting' && (
          <p class="muted">
            The charter names {audit.list.witnesses.length} witnesses (quorum {audit.list.quorum}); none of them has cosigned a checkpoint yet.
          </p>
        )}
        {(audit.status === 'met' || audit.status === 'not-met') && (
          <>
            <p class={audit.status === 'met' ? 'verify-result ok' : 'verify-result bad'} role="status">
              <span aria-hidden="true">{audit.status === 'met' ? '✓ ' : '✗ '}</span>
              {audit.status === 'met' ? 'The quorum holds: ' : 'The quorum does not hold: '}
              {audit.cosigned} of the {audit.list.witnesses.length} witnesses the charter names cosigned the checkpoint of {audit.checkpoint.treeSize} events (quorum{' '}
              {audit.list.quorum}), verified in this browser.
            </p>
            <TableWrap label="The charter’s witnesses">
              <table class="witnesses-table">
                <thead>
                  <tr>
                    <th scope="col">Organization</th>
                    <th scope="col">Witness key</th>
                    <th scope="col">Cosigned</th>
                    <th scope="col">When</th>
                  </tr>
                </thead>
                <tbody>
                  {audit.rows.map((row) => (
                    <tr key={row.organizationId} data-witness={row.organizationId} data-cosigned={row.status}>
                      <th scope="row">{name(row.organizationId)}</th>
                      <td class="mono-values">{row.name ? `${row.name} (${row.keyId})` : '—'}</td>
                      <td>
                        <span aria-hidden="true">{row.status === 'cosigned' ? '✓ ' : row.status === 'invalid' ? '✗ ' : ''}</span>
                        {ROW_LABELS[row.status]}
                        <br />
                        <span class="muted small">{row.detail}</span>
                      </td>
                      <td>{row.cosignedAt ? <InstantText iso={row.cosignedAt} /> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <ul class="checks" aria-label="Checks of the cosigned checkpoint">
              {audit.checks.map((c) => (
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
            <details>
              <summary>The cosigned checkpoint (C2SP signed note, one line per signature)</summary>
              <pre class="note">{audit.checkpoint.note}</pre>
            </details>
          </>
        )}
      </div>
    </Section>
  );
}

const ROW_LABELS: Record<WitnessRow['status'], string> = {
  cosigned: 'Cosigned',
  invalid: 'Invalid cosignature',
  missing: 'Not cosigned',
  'no-key': 'No witness key registered',
};

async function checkWitnesses(key: string, collaborative: string, current: CheckpointDocument | undefined, signal: AbortSignal): Promise<WitnessAudit> {
  let list: WitnessList;
  try {
    list = await getJson<WitnessList>(key, `/ledger/witnesses${query({ collaborative })}`, signal);
  } catch (error) {
    if (error instanceof ApiError && error.problem?.code === 'no_witness_policy') return { status: 'none', detail: 'The charter names no witnesses of the log: checkpoints are signed by the ledger alone.' };
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return { status: 'unavailable', detail: 'This API key may not read the charter’s witnesses.' };
    throw error;
  }
  let checkpoint: CosignedCheckpoint;
  try {
    checkpoint = await getJson<CosignedCheckpoint>(key, `/ledger/checkpoint${query({ cosigned: 'true', collaborative })}`, signal);
  } catch (error) {
    if (error instanceof ApiError && error.problem?.code === 'no_cosigned_checkpoint') return { status: 'waiting', list };
    throw error;
  }
  const publicKey = await getJson<PublicKeyDocument>(key, '/ledger/public-key', signal);
  const checks = (await checkCheckpoint(checkpoint, publicKey)).map((c) => ({ ...c, id: `witnessed-${c.id}`, label: `${c.label} (the one witnesses cosigned)` }));

  const rows: WitnessRow[] = [];
  for (const witness of list.witnesses) {
    const verifiers: WitnessVerifier[] = [];
    for (const k of witness.keys.filter((k) => !k.revoked)) verifiers.push(await readWitnessVkey(k.vkey));
    if (verifiers.length === 0) {
      rows.push({ organizationId: witness.organizationId, status: 'no-key', detail: 'its witness has no key in force on the log' });
      continue;
    }
    let row: WitnessRow = { organizationId: witness.organizationId, name: verifiers[0].name, keyId: verifiers[0].keyId, status: 'missing', detail: 'no line of its key' };
    for (const line of checkpoint.cosignatures) {
      const lineKey = signatureLineKey(line);
      const verifier = verifiers.find((v) => lineKey && v.name === lineKey.name && v.keyId === lineKey.keyId);
      if (!verifier) continue;
      const verdict = await verifyCosignatureLine(checkpoint, line, verifier);
      row = {
        organizationId: witness.organizationId,
        name: verifier.name,
        keyId: verifier.keyId,
        status: verdict.ok ? 'cosigned' : 'invalid',
        key: bytesToHex(verifier.publicKey),
        cosignedAt: verdict.cosignedAt,
        detail: verdict.detail,
      };
      // A line of a listed key that fails spoils the count (signed-note): show it, whatever else is there.
      if (!verdict.ok) break;
    }
    rows.push(row);
  }
  const cosigned = new Set(rows.filter((r) => r.status === 'cosigned').map((r) => r.key)).size;
  const invalid = rows.some((r) => r.status === 'invalid');

  if (current && current.treeSize >= checkpoint.treeSize) {
    try {
      const proof = await getJson<{ proof: string[] }>(key, `/ledger/proofs/consistency${query({ from: checkpoint.treeSize, to: current.treeSize })}`, signal);
      const ok = await verifyConsistencyProof(checkpoint.treeSize, current.treeSize, checkpoint.rootHash, current.rootHash, proof.proof);
      checks.push({
        id: 'witness-consistency',
        label: `The log checked above (${current.treeSize} events) extends the one the witnesses cosigned (${checkpoint.treeSize})`,
        ok,
        detail: ok ? `RFC 9162 consistency proof of ${proof.proof.length} hashes, verified in this browser` : 'the consistency proof does not lead from the cosigned root to the current one',
      });
    } catch (error) {
      if (!(error instanceof ApiError && (error.status === 401 || error.status === 403))) throw error;
    }
  }
  const ok = cosigned >= list.quorum && !invalid && checks.every((c) => c.ok);
  return { status: ok ? 'met' : 'not-met', list, checkpoint, rows, checks, cosigned };
}
