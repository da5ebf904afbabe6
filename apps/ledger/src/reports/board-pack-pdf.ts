import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { STATUS_ROWS, type BoardPack } from './board-pack';
import { formatDate, formatDecimal, formatInstant, formatMoney, formatPercent, messagesFor, type Messages } from './i18n';

/**
 * The board pack as a PDF, written by pdfkit: real text (a reader can search and copy it, and
 * `pdftotext` extracts it), A4, page numbers, a line chart per shared goal drawn as vectors, and the
 * tree size and root hash of the ledger it was made from on the first page and in the document's
 * metadata.
 *
 * Fonts: DejaVu Sans where Debian's fonts-dejavu-core is installed (any Unicode text a person wrote),
 * embedded as a subset; otherwise the PDF's built-in Helvetica, which writes Latin-1 text only.
 */
const DEJAVU = '/usr/share/fonts/truetype/dejavu';
const FONT_FILES = { body: `${DEJAVU}/DejaVuSans.ttf`, bold: `${DEJAVU}/DejaVuSans-Bold.ttf`, mono: `${DEJAVU}/DejaVuSansMono.ttf` };
const EMBEDDED = Object.values(FONT_FILES).every((file) => existsSync(file));

const MARGIN = 50;
const GREY = '#555555';
const RULE = '#bbbbbb';

type Doc = PDFKit.PDFDocument;
interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
  mono?: boolean;
}

export async function boardPackPdf(pack: BoardPack): Promise<Buffer> {
  const t = messagesFor(pack.language);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: pack.language === 'fr' ? 'fr-CA' : 'en-CA',
    info: {
      Title: `${t.boardPack} — ${pack.collaborative?.name ?? pack.collaborativeId}`,
      Subject: `${t.asOf} ${pack.asOf}; tree size ${pack.integrity.treeSize}; root hash ${pack.integrity.rootHash}`,
      Creator: 'Stewardship ledger',
      Producer: 'Stewardship ledger (pdfkit)',
    },
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (EMBEDDED) for (const [name, file] of Object.entries(FONT_FILES)) doc.registerFont(name, file);
  const w = new Writer(doc, t);
  write(w, pack, t);
  w.pageNumbers();
  doc.end();
  return done;
}

function write(w: Writer, pack: BoardPack, t: Messages): void {
  const lang = pack.language;
  w.title(`${t.boardPack} — ${pack.collaborative?.name ?? pack.collaborativeId}`);
  w.line(`${t.asOf} ${formatInstant(lang, pack.asOf)}`);
  w.line(`${t.period}: ${formatInstant(lang, pack.from)} – ${formatInstant(lang, pack.asOf)}`);
  if (pack.collaborative) w.line(`${t.region}: ${pack.collaborative.region} · ${t.pathwayPhase}: ${pack.collaborative.pathwayPhase}`);
  w.line(`${t.generated} ${formatInstant(lang, pack.generatedAt)}`, GREY);

  w.heading(t.integrity);
  w.paragraph(t.integrityNote);
  w.field(t.treeSize, String(pack.integrity.treeSize));
  w.field(t.rootHash, pack.integrity.rootHash, true);
  w.field(t.checkpointKey, `${pack.integrity.origin} · ${pack.integrity.keyId}`, true);

  if (!pack.collaborative) {
    w.gap();
    w.paragraph(t.notYet);
    return;
  }

  w.heading(t.goals);
  if (pack.goals.length === 0) w.paragraph(t.noGoals);
  for (const goal of pack.goals) {
    w.subheading(goal.title);
    const polarity = goal.indicator.polarity === 'lower_is_better' ? t.lowerIsBetter : t.higherIsBetter;
    w.line(`${t.indicator}: ${goal.indicator.name} (${goal.indicator.unit}; ${polarity})`);
    w.line(
      `${t.baseline}: ${formatDecimal(lang, goal.baseline.value)} (${formatDate(lang, goal.baseline.date)}) · ` +
        `${t.target}: ${formatDecimal(lang, goal.target.value)} (${formatDate(lang, goal.target.date)}) · ${t.achieved}: ${formatPercent(lang, goal.achieved)}`,
    );
    if (goal.measurements.length === 0) w.paragraph(t.noMeasurements);
    else {
      w.chart(goal, lang);
      w.table(
        [
          { header: t.periodEnd, width: 160 },
          { header: t.measurements, width: 120, align: 'right' },
          { header: '', width: 215 },
        ],
        goal.measurements.map((x) => [formatDate(lang, x.periodEnd), formatDecimal(lang, x.value), x.firstRecorded === undefined ? '' : `(${t.correctedFrom(formatDecimal(lang, x.firstRecorded))})`]),
      );
    }
  }

  w.heading(t.commitments);
  const counts = pack.commitments.counts;
  w.table(
    [
      { header: t.byStatus, width: 200 },
      { header: '', width: 60, align: 'right' },
    ],
    [...STATUS_ROWS.map(([field, status]) => [t.status[status] ?? status, String(counts[field])]), [t.onTimeRate, formatPercent(lang, counts.onTimeRate)]],
  );
  const commitmentColumns: Column[] = [
    { header: t.title, width: 205 },
    { header: t.promisor, width: 110 },
    { header: t.promisee, width: 110 },
    { header: t.dueDate, width: 70 },
  ];
  for (const [heading, list] of [
    [t.overdue, pack.commitments.overdue],
    [t.disputed, pack.commitments.disputed],
  ] as const) {
    w.subheading(`${heading} (${list.length})`);
    if (list.length === 0) w.paragraph(t.none);
    else w.table(commitmentColumns, list.map((c) => [c.title, c.promisor, c.promisee, c.dueDate]));
  }

  w.heading(t.funds);
  if (pack.funds.length === 0) w.paragraph(t.noFunds);
  else
    w.table(
      [
        { header: t.funder, width: 135 },
        { header: t.pledged, width: 95, align: 'right' },
        { header: t.disbursed, width: 95, align: 'right' },
        { header: t.outstanding, width: 90, align: 'right' },
        { header: t.overdueFunds, width: 80, align: 'right' },
      ],
      pack.funds.map((f) => [
        f.funder,
        formatMoney(lang, { currency: f.currency, amount: f.pledged }),
        formatMoney(lang, { currency: f.currency, amount: f.disbursed }),
        formatMoney(lang, { currency: f.currency, amount: f.outstanding }),
        formatMoney(lang, { currency: f.currency, amount: f.overdue }),
      ]),
    );

  w.heading(t.settlements);
  if (pack.settlements.length === 0) w.paragraph(t.noSettlements);
  else {
    w.paragraph(t.poolNote);
    w.table(
      [
        { header: t.agreement, width: 130 },
        { header: t.periodEnd, width: 70 },
        { header: t.pool, width: 95, align: 'right' },
        { header: t.paid, width: 80, align: 'right' },
        { header: t.parts, width: 120 },
      ],
      pack.settlements.map((s) => [
        s.agreement,
        s.periodEnd,
        formatMoney(lang, s.pool),
        formatMoney(lang, s.paid),
        s.parts.map((p) => `${p.organizationId}: ${formatMoney(lang, p.amount)}`).join('\n'),
      ]),
    );
  }

  w.heading(t.decisions);
  if (pack.decisions.length === 0) w.paragraph(t.noDecisions);
  else
    w.table(
      [
        { header: t.title, width: 220 },
        { header: t.matter, width: 110 },
        { header: t.adoptedOn, width: 80 },
        { header: t.tally, width: 85, align: 'right' },
      ],
      pack.decisions.map((d) => [d.title, d.matter, d.adoptedAt.slice(0, 10), `${d.for} / ${d.against} / ${d.abstain}`]),
    );

  w.heading(t.participation);
  w.table(
    [
      { header: t.member, width: 130 },
      { header: t.role, width: 65 },
      { header: t.votes, width: 85, align: 'right' },
      { header: t.participationRate, width: 70, align: 'right' },
      { header: t.made, width: 40, align: 'right' },
      { header: t.delivered, width: 45, align: 'right' },
      { header: t.status.overdue, width: 60, align: 'right' },
    ],
    pack.participation.map((p) => [
      p.organizationId,
      t.roles[p.role] ?? p.role,
      `${p.votesCast} / ${p.eligibleVotes}`,
      formatPercent(lang, p.participationRate),
      String(p.commitmentsMade),
      String(p.delivered),
      String(p.overdue),
    ]),
  );
}

/** Writes flowing text and tables onto pages, adding pages as it goes. */
class Writer {
  constructor(
    private readonly doc: Doc,
    private readonly t: Messages,
  ) {}

  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  private font(kind: 'body' | 'bold' | 'mono', size: number): Doc {
    return this.doc.font(EMBEDDED ? kind : kind === 'bold' ? 'Helvetica-Bold' : kind === 'mono' ? 'Courier' : 'Helvetica').fontSize(size);
  }

  /** Text the built-in fonts can write (Latin-1); everything, with the embedded ones. */
  private text(value: string): string {
    const spaced = value.replace(/[\u202f\u2009]/g, '\u00a0');
    return EMBEDDED ? spaced : spaced.replace(/[–—]/g, '-').replace(/[^\x20-\x7e\u00a0-\u00ff\n]/g, '?');
  }

  private room(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  title(text: string): void {
    this.font('bold', 18).fillColor('black').text(this.text(text), { width: this.width });
    this.doc.moveDown(0.4);
  }

  heading(text: string): void {
    this.room(60);
    this.doc.moveDown(0.8);
    this.font('bold', 13).fillColor('black').text(this.text(text), MARGIN, this.doc.y, { width: this.width });
    const y = this.doc.y + 2;
    this.doc.moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).lineWidth(0.5).strokeColor(RULE).stroke();
    this.doc.moveDown(0.4);
  }

  subheading(text: string): void {
    this.room(40);
    this.doc.moveDown(0.4);
    this.font('bold', 10.5).fillColor('black').text(this.text(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2);
  }

  line(text: string, color = 'black'): void {
    this.font('body', 9.5).fillColor(color).text(this.text(text), MARGIN, this.doc.y, { width: this.width });
  }

  paragraph(text: string): void {
    this.font('body', 9).fillColor(GREY).text(this.text(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  gap(): void {
    this.doc.moveDown(0.5);
  }

  /** A label and its value; `mono` values (hashes, key ids) are never wrapped within. */
  field(label: string, value: string, mono = false): void {
    this.room(20);
    const y = this.doc.y;
    this.font('bold', 9).fillColor('black').text(this.text(label), MARGIN, y, { width: 170 });
    const after = this.doc.y;
    this.font(mono ? 'mono' : 'body', mono ? 8 : 9).text(this.text(value), MARGIN + 175, y, { width: this.width - 175 });
    this.doc.y = Math.max(after, this.doc.y);
    this.doc.x = MARGIN;
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  table(columns: Column[], rows: string[][]): void {
    const padding = 3;
    const header = () => {
      this.room(30);
      const y = this.doc.y;
      let x = MARGIN;
      let height = 0;
      this.font('bold', 8.5).fillColor('black');
      for (const column of columns) {
        this.doc.text(this.text(column.header), x + padding, y + padding, { width: column.width - 2 * padding, align: column.align ?? 'left' });
        height = Math.max(height, this.doc.y - y);
        x += column.width;
      }
      this.rule(y + height + padding);
      this.doc.y = y + height + 2 * padding;
    };
    header();
    for (const row of rows) {
      this.font('body', 8.5);
      const height = Math.max(
        ...row.map((cell, i) => this.font(columns[i].mono ? 'mono' : 'body', 8.5).heightOfString(this.text(cell), { width: columns[i].width - 2 * padding })),
      );
      if (this.doc.y + height + 2 * padding > this.bottom) {
        this.doc.addPage();
        header();
      }
      const y = this.doc.y;
      let x = MARGIN;
      row.forEach((cell, i) => {
        const column = columns[i];
        this.font(column.mono ? 'mono' : 'body', 8.5)
          .fillColor('black')
          .text(this.text(cell), x + padding, y + padding, { width: column.width - 2 * padding, align: column.align ?? 'left' });
        x += column.width;
      });
      this.rule(y + height + 2 * padding);
      this.doc.y = y + height + 2 * padding + 1;
    }
    this.doc.x = MARGIN;
    this.doc.moveDown(0.3);
  }

  private rule(y: number): void {
    this.doc.moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).lineWidth(0.3).strokeColor(RULE).stroke();
  }

  /** A line chart of the goal's measurements over time, with its baseline and target as dashed lines. */
  chart(goal: BoardPack['goals'][number], lang: BoardPack['language']): void {
    const height = 120;
    this.room(height + 30);
    const top = this.doc.y + 6;
    const left = MARGIN + 40;
    const width = this.width - 60;
    const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
    const points = goal.measurements.map((x) => ({ t: day(x.periodEnd), v: Number(x.value) }));
    const values = [...points.map((p) => p.v), Number(goal.baseline.value), Number(goal.target.value)];
    const times = [...points.map((p) => p.t), day(goal.baseline.date), day(goal.target.date)];
    const [vMin, vMax] = [Math.min(...values), Math.max(...values)];
    const [tMin, tMax] = [Math.min(...times), Math.max(...times)];
    const y = (v: number) => top + height - ((v - vMin) / (vMax - vMin || 1)) * height;
    const x = (t: number) => left + ((t - tMin) / (tMax - tMin || 1)) * width;
    const doc = this.doc;
    doc.save();
    doc.rect(left, top, width, height).lineWidth(0.3).strokeColor(RULE).stroke();
    const reference = (value: string, color: string, label: string) => {
      doc.moveTo(left, y(Number(value))).lineTo(left + width, y(Number(value))).dash(3, { space: 3 }).lineWidth(0.8).strokeColor(color).stroke().undash();
      this.font('body', 7).fillColor(color).text(this.text(`${label} ${formatDecimal(lang, value)}`), left + 4, y(Number(value)) - 9, { lineBreak: false });
    };
    reference(goal.baseline.value, '#888888', this.t.baseline);
    reference(goal.target.value, '#2e7d32', this.t.target);
    doc.lineWidth(1.4).strokeColor('#1f5fa8');
    points.forEach((p, i) => (i === 0 ? doc.moveTo(x(p.t), y(p.v)) : doc.lineTo(x(p.t), y(p.v))));
    doc.stroke();
    for (const p of points) doc.circle(x(p.t), y(p.v), 2.2).fillColor('#1f5fa8').fill();
    this.font('body', 7).fillColor(GREY);
    doc.text(this.text(formatDate(lang, new Date(tMin).toISOString().slice(0, 10))), left, top + height + 3, { lineBreak: false });
    const last = this.text(formatDate(lang, new Date(tMax).toISOString().slice(0, 10)));
    doc.text(last, left + width - doc.widthOfString(last), top + height + 3, { lineBreak: false });
    doc.restore();
    doc.x = MARGIN;
    doc.y = top + height + 16;
  }

  /** "Page n of m" at the foot of every page. */
  pageNumbers(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const margins = this.doc.page.margins;
      const bottom = margins.bottom;
      margins.bottom = 0;
      this.font('body', 8)
        .fillColor(GREY)
        .text(this.text(this.t.page(i + 1, range.count)), MARGIN, this.doc.page.height - MARGIN / 2 - 4, { width: this.width, align: 'center', lineBreak: false });
      margins.bottom = bottom;
    }
  }
}
