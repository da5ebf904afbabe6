import { STATUS_ROWS, type BoardPack } from './board-pack';
import { formatDate, formatDecimal, formatInstant, formatMoney, formatPercent, messagesFor } from './i18n';

/** Escapes text for HTML element content and attribute values. */
function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function table(headers: string[], rows: Array<Array<string | number>>, numeric: number[] = []): string {
  const cell = (tag: string, value: string | number, i: number) => `<${tag}${numeric.includes(i) ? ' class="n"' : ''}>${esc(value)}</${tag}>`;
  return `<table><thead><tr>${headers.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((v, i) => cell('td', v, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** A goal's measurements as an inline SVG line chart, with baseline and target. */
function chart(goal: BoardPack['goals'][number]): string {
  const width = 480;
  const height = 120;
  const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
  const points = goal.measurements.map((x) => ({ t: day(x.periodEnd), v: Number(x.value) }));
  const values = [...points.map((p) => p.v), Number(goal.baseline.value), Number(goal.target.value)];
  const times = [...points.map((p) => p.t), day(goal.baseline.date), day(goal.target.date)];
  const [vMin, vMax, tMin, tMax] = [Math.min(...values), Math.max(...values), Math.min(...times), Math.max(...times)];
  const y = (v: number) => (height - ((v - vMin) / (vMax - vMin || 1)) * height).toFixed(1);
  const x = (t: number) => (((t - tMin) / (tMax - tMin || 1)) * width).toFixed(1);
  const line = (v: string, color: string) => `<line x1="0" x2="${width}" y1="${y(Number(v))}" y2="${y(Number(v))}" stroke="${color}" stroke-dasharray="4 3"/>`;
  return (
    `<svg class="chart" viewBox="-4 -4 ${width + 8} ${height + 8}" role="img" aria-label="${esc(goal.title)}">` +
    line(goal.baseline.value, '#888') +
    line(goal.target.value, '#2e7d32') +
    `<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="${points.map((p) => `${x(p.t)},${y(p.v)}`).join(' ')}"/>` +
    points.map((p) => `<circle cx="${x(p.t)}" cy="${y(p.v)}" r="3" fill="#1f5fa8"/>`).join('') +
    '</svg>'
  );
}

/** The board pack as one printable HTML page (no script, styles inline, escaped text). */
export function boardPackHtml(pack: BoardPack): string {
  const t = messagesFor(pack.language);
  const lang = pack.language;
  const name = pack.collaborative?.name ?? pack.collaborativeId;
  const parts: string[] = [];
  parts.push(`<h1>${esc(`${t.boardPack} — ${name}`)}</h1>`);
  parts.push(`<p>${esc(`${t.asOf} ${formatInstant(lang, pack.asOf)}`)}<br>${esc(`${t.period}: ${formatInstant(lang, pack.from)} – ${formatInstant(lang, pack.asOf)}`)}</p>`);
  if (pack.collaborative) parts.push(`<p>${esc(`${t.region}: ${pack.collaborative.region} · ${t.pathwayPhase}: ${pack.collaborative.pathwayPhase}`)}</p>`);
  parts.push(`<h2>${esc(t.integrity)}</h2><p class="note">${esc(t.integrityNote)}</p>`);
  parts.push(
    `<dl><dt>${esc(t.treeSize)}</dt><dd>${pack.integrity.treeSize}</dd><dt>${esc(t.rootHash)}</dt><dd><code>${esc(pack.integrity.rootHash)}</code></dd>` +
      `<dt>${esc(t.checkpointKey)}</dt><dd><code>${esc(`${pack.integrity.origin} · ${pack.integrity.keyId}`)}</code></dd></dl>`,
  );
  if (!pack.collaborative) {
    parts.push(`<p>${esc(t.notYet)}</p>`);
  } else {
    parts.push(`<h2>${esc(t.goals)}</h2>`);
    if (pack.goals.length === 0) parts.push(`<p>${esc(t.noGoals)}</p>`);
    for (const goal of pack.goals) {
      parts.push(`<h3>${esc(goal.title)}</h3>`);
      parts.push(
        `<p>${esc(`${t.indicator}: ${goal.indicator.name} (${goal.indicator.unit}) · ${t.baseline}: ${formatDecimal(lang, goal.baseline.value)} · ` +
          `${t.target}: ${formatDecimal(lang, goal.target.value)} (${formatDate(lang, goal.target.date)}) · ${t.achieved}: ${formatPercent(lang, goal.achieved)}`)}</p>`,
      );
      if (goal.measurements.length === 0) parts.push(`<p>${esc(t.noMeasurements)}</p>`);
      else {
        parts.push(chart(goal));
        parts.push(
          table(
            [t.periodEnd, t.measurements, ''],
            goal.measurements.map((x) => [formatDate(lang, x.periodEnd), formatDecimal(lang, x.value), x.firstRecorded === undefined ? '' : `(${t.correctedFrom(formatDecimal(lang, x.firstRecorded))})`]),
            [1],
          ),
        );
      }
    }
    const counts = pack.commitments.counts;
    parts.push(`<h2>${esc(t.commitments)}</h2>`);
    parts.push(table([t.byStatus, ''], [...STATUS_ROWS.map(([field, status]) => [t.status[status] ?? status, counts[field] as number]), [t.onTimeRate, formatPercent(lang, counts.onTimeRate)]], [1]));
    for (const [heading, list] of [
      [t.overdue, pack.commitments.overdue],
      [t.disputed, pack.commitments.disputed],
    ] as const) {
      parts.push(`<h3>${esc(`${heading} (${list.length})`)}</h3>`);
      parts.push(list.length === 0 ? `<p>${esc(t.none)}</p>` : table([t.title, t.promisor, t.promisee, t.dueDate], list.map((c) => [c.title, c.promisor, c.promisee, c.dueDate])));
    }
    parts.push(`<h2>${esc(t.funds)}</h2>`);
    parts.push(
      pack.funds.length === 0
        ? `<p>${esc(t.noFunds)}</p>`
        : table(
            [t.funder, t.pledged, t.disbursed, t.outstanding, t.overdueFunds],
            pack.funds.map((f) => [f.funder, ...[f.pledged, f.disbursed, f.outstanding, f.overdue].map((amount) => formatMoney(lang, { currency: f.currency, amount }))]),
            [1, 2, 3, 4],
          ),
    );
    parts.push(`<h2>${esc(t.settlements)}</h2>`);
    parts.push(
      pack.settlements.length === 0
        ? `<p>${esc(t.noSettlements)}</p>`
        : `<p class="note">${esc(t.poolNote)}</p>` +
          table(
            [t.agreement, t.periodEnd, t.pool, t.paid, t.parts],
            pack.settlements.map((s) => [s.agreement, s.periodEnd, formatMoney(lang, s.pool), formatMoney(lang, s.paid), s.parts.map((p) => `${p.organizationId}: ${formatMoney(lang, p.amount)}`).join('; ')]),
            [2, 3],
          ),
    );
    parts.push(`<h2>${esc(t.decisions)}</h2>`);
    parts.push(
      pack.decisions.length === 0
        ? `<p>${esc(t.noDecisions)}</p>`
        : table([t.title, t.matter, t.adoptedOn, t.tally], pack.decisions.map((d) => [d.title, d.matter, d.adoptedAt.slice(0, 10), `${d.for} / ${d.against} / ${d.abstain}`])),
    );
    parts.push(`<h2>${esc(t.participation)}</h2>`);
    parts.push(
      table(
        [t.member, t.role, t.votes, t.participationRate, t.made, t.delivered, t.status.overdue],
        pack.participation.map((p) => [p.organizationId, t.roles[p.role] ?? p.role, `${p.votesCast} / ${p.eligibleVotes}`, formatPercent(lang, p.participationRate), p.commitmentsMade, p.delivered, p.overdue]),
        [2, 3, 4, 5, 6],
      ),
    );
  }
  const style =
    'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}h2{border-bottom:1px solid #bbb;margin-top:2rem}' +
    'table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}' +
    '.n{text-align:right}.note{color:#555}code{word-break:break-all}.chart{width:100%;max-width:40rem;height:auto}dt{font-weight:bold}' +
    '@media print{body{margin:0}h2,h3{break-after:avoid}tr{break-inside:avoid}}';
  return (
    `<!doctype html><html lang="${lang === 'fr' ? 'fr-CA' : 'en-CA'}"><head><meta charset="utf-8"><title>${esc(`${t.boardPack} — ${name}`)}</title>` +
    `<meta name="ledger-root-hash" content="${esc(pack.integrity.rootHash)}"><meta name="ledger-tree-size" content="${pack.integrity.treeSize}">` +
    `<style>${style}</style></head><body>${parts.join('\n')}</body></html>`
  );
}
