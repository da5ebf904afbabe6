import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { hashFile, type HashedFile } from '../lib/evidence';
import type { Evidence } from '../lib/types';

/**
 * Anyone may check a file against the evidence a record holds: the file is dropped (or chosen)
 * here, hashed in this browser (SHA-256) and compared with the digests the ledger recorded — the
 * file is never sent anywhere.
 */
export function EvidenceCheck({ evidence }: { evidence: Evidence[] }) {
  const [result, setResult] = useState<{ file: HashedFile; match: Evidence | undefined } | null>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  if (evidence.length === 0) return null;
  const check = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    const hashed = await hashFile(file);
    setBusy(false);
    setResult({ file: hashed, match: evidence.find((e) => e.sha256?.toLowerCase() === hashed.sha256) });
  };
  return (
    <section class="card evidence-check" aria-labelledby="evidence-check-title" id="evidence-check">
      <h2 id="evidence-check-title">{t('evidence.checkTitle')}</h2>
      <p class="muted small">{t('evidence.checkHelp')}</p>
      <div
        class={`drop-zone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void check(e.dataTransfer?.files?.[0]);
        }}
      >
        <label for="evidence-check-file">{t('evidence.dropOrChoose')}</label>
        <input id="evidence-check-file" type="file" data-evidence-check onChange={(e) => void check((e.currentTarget as HTMLInputElement).files?.[0])} />
      </div>
      <p role="status" class={result ? (result.match ? 'verify-result ok' : 'verify-result bad') : 'verify-result'} data-evidence-match={result ? String(Boolean(result.match)) : undefined}>
        {busy
          ? t('evidence.hashing')
          : result
            ? result.match
              ? `✓ ${t('evidence.matches', { name: result.file.name, digest: result.file.sha256, recorded: result.match.name ?? result.match.uri })}`
              : `✗ ${t('evidence.noMatch', { name: result.file.name, digest: result.file.sha256 })}`
            : ''}
      </p>
    </section>
  );
}
