import { client } from '../support/http-client';
import { seedCollaborative } from '../support/collaborative';
import { startLedger, type RunningLedger } from '../support/ledger-app';
import { pdfText } from '../cli/support';

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface Correction {
  previousValue: string;
  value: string;
  reason: string;
  correctedAt: string;
  source?: string;
}
interface Goal {
  goalId: string;
  latestMeasurement: { value: string; periodEnd: string } | null;
  achieved: string | null;
  measurements: number;
  series: Array<{ periodEnd: string; value: string; source?: string; corrections: Correction[] }>;
}

/**
 * A shared goal's measurements over time: the series on the goal's query and in the summary, as of
 * any moment, and a correction of a recorded measurement as a new event naming the period it corrects
 * and the value it replaces — which replaces the value in the series, the latest measurement, the share
 * achieved and the board pack.
 */
describe('goal measurements over time, and their corrections (HTTP)', () => {
  let ledger: RunningLedger;
  let http: ReturnType<typeof client>;
  const steward = 'upper-valley-health';
  const member = 'riverside-chc';
  const outsider = 'elsewhere-clinic';
  const goalPath = '/collaboratives/uv/goals/ed-visits';
  const periods = [day(-300), day(-200), day(-100)];
  let beforeCorrection: string;

  beforeAll(async () => {
    ledger = await startLedger();
    http = client(ledger.baseUrl);
    await seedCollaborative(http, 'uv', [
      { id: steward, sector: 'hospital', role: 'steward' },
      { id: member, sector: 'community_org', role: 'member' },
    ]);
    expect((await http.asOperator('/organizations', { id: outsider, name: 'Elsewhere', sector: 'hospital' })).status).toBe(201);
    const adopted = await http.as(steward)('/collaboratives/uv/goals', {
      id: 'ed-visits',
      title: 'Fewer avoidable emergency visits',
      indicator: { name: 'avoidable ED visits', unit: 'per 1000', polarity: 'lower_is_better' },
      baseline: { value: '48.5', date: day(-400) },
      target: { value: '40', date: day(300) },
    });
    expect(adopted.status).toBe(200);
    // Recorded out of period order: the series is in period order.
    for (const [periodEnd, value] of [
      [periods[1], '46.2'],
      [periods[0], '47.9'],
      [periods[2], '44.8'],
    ]) {
      expect((await http.as(steward)(`${goalPath}/measurements`, { value, periodEnd, source: 'regional ED surveillance' })).status).toBe(200);
    }
    beforeCorrection = new Date().toISOString();
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('answers the series of measurements on the goal\'s query and in the summary, in period order', async () => {
    const goal = await http.getAs(member)<Goal>(goalPath);
    expect(goal.status).toBe(200);
    expect(goal.body).toMatchObject({ collaborativeId: 'uv', goalId: 'ed-visits', measurements: 3, latestMeasurement: { value: '44.8', periodEnd: periods[2] } });
    expect(goal.body.series).toEqual(periods.map((periodEnd, i) => ({ periodEnd, value: ['47.9', '46.2', '44.8'][i], source: 'regional ED surveillance', corrections: [] })));
    const summary = await http.getAs(member)<{ goals: Goal[] }>('/collaboratives/uv/summary');
    expect(summary.body.goals[0].series).toEqual(goal.body.series);
  });

  it('records a correction as a new event naming the measurement it corrects and the value it replaces, which replaces the value in the series', async () => {
    const answer = await http.as(steward)(`${goalPath}/measurement-corrections`, { periodEnd: periods[1], value: '45.9', reason: 'Late discharge records from one hospital' });
    expect(answer.status).toBe(200);
    expect((answer.body as { events: Array<{ type: string }> }).events.map((e) => e.type)).toEqual(['MeasurementCorrected']);
    const events = await http.get<{ items: Array<{ type: string; data: Record<string, unknown> }> }>('/ledger/events?stream=collaborative-uv&limit=1000');
    const correction = events.body.items.find((e) => e.type === 'MeasurementCorrected')!;
    expect(correction.data).toEqual({
      collaborativeId: 'uv',
      goalId: 'ed-visits',
      periodEnd: periods[1],
      previousValue: '46.2',
      value: '45.9',
      reason: 'Late discharge records from one hospital',
      correctedAt: expect.any(String),
    });
    // The recorded measurement stays on the log as it was.
    expect(events.body.items.filter((e) => e.type === 'MeasurementRecorded').map((e) => e.data.value)).toEqual(['46.2', '47.9', '44.8']);

    const goal = await http.getAs(member)<Goal>(goalPath);
    expect(goal.body.series.map((m) => m.value)).toEqual(['47.9', '45.9', '44.8']);
    expect(goal.body.series[1].corrections).toEqual([{ previousValue: '46.2', value: '45.9', reason: 'Late discharge records from one hospital', correctedAt: correction.data.correctedAt }]);
    // As of before it, the series as it stood then.
    const past = await http.getAs(member)<Goal>(`${goalPath}?asOf=${encodeURIComponent(beforeCorrection)}`);
    expect(past.body.series.map((m) => [m.value, m.corrections.length])).toEqual([
      ['47.9', 0],
      ['46.2', 0],
      ['44.8', 0],
    ]);
  });

  it('a correction of the latest measurement moves the latest measurement and the share achieved; a second correction replaces the first', async () => {
    const before = (await http.getAs(steward)<Goal>(goalPath)).body;
    // (44.8 − 48.5) / (40 − 48.5)
    expect(before.achieved).toBe('43.53');
    expect((await http.as(steward)(`${goalPath}/measurement-corrections`, { periodEnd: periods[2], value: '44.1', reason: 'Coding error', source: 'ED surveillance, revised' })).status).toBe(200);
    expect((await http.as(steward)(`${goalPath}/measurement-corrections`, { periodEnd: periods[2], value: '44.3', reason: 'Coding error, second pass' })).status).toBe(200);
    const after = (await http.getAs(steward)<Goal>(goalPath)).body;
    expect(after.latestMeasurement).toEqual({ value: '44.3', periodEnd: periods[2], source: 'ED surveillance, revised' });
    // (44.3 − 48.5) / (40 − 48.5)
    expect(after.achieved).toBe('49.41');
    expect(after.series[2].corrections.map((c) => [c.previousValue, c.value])).toEqual([
      ['44.8', '44.1'],
      ['44.1', '44.3'],
    ]);
    const summary = await http.getAs(steward)<{ goals: Goal[] }>('/collaboratives/uv/summary');
    expect(summary.body.goals[0]).toMatchObject({ achieved: '49.41', latestMeasurement: { value: '44.3' } });
  });

  it('shows the corrected values in the board pack, saying what was first recorded', async () => {
    const key = await http.keyOf(steward);
    for (const [lang, note] of [
      ['en', 'corrected; first recorded as 46.2'],
      ['fr', "corrigée; d'abord inscrite à 46,2"],
    ]) {
      const response = await fetch(`${ledger.baseUrl}/collaboratives/uv/report?lang=${lang}`, { headers: { authorization: `Bearer ${key}` } });
      expect(response.status).toBe(200);
      const text = pdfText(Buffer.from(await response.arrayBuffer())).replace(/\s+/g, ' ');
      expect(text).toContain(lang === 'en' ? '45.9' : '45,9');
      expect(text).toContain(note);
      const html = await fetch(`${ledger.baseUrl}/collaboratives/uv/report?lang=${lang}&format=html`, { headers: { authorization: `Bearer ${key}` } });
      expect(await html.text()).toContain(note.replace("'", '&#39;'));
    }
  });

  it('refuses a correction by a member, of a period not measured, that changes nothing, or malformed, appending nothing; and a goal it cannot read or that is not there', async () => {
    const head = await http.headPosition();
    const refusals: Array<[string, Record<string, unknown>, number, string]> = [
      [member, { periodEnd: periods[0], value: '47', reason: 'x' }, 403, 'steward_only'],
      [steward, { periodEnd: day(-150), value: '47', reason: 'x' }, 404, 'measurement_not_found'],
      [steward, { periodEnd: periods[0], value: '47.90', reason: 'x' }, 422, 'measurement_unchanged'],
    ];
    for (const [org, body, status, code] of refusals) {
      const answer = await http.as(org)(`${goalPath}/measurement-corrections`, body);
      expect({ body, status: answer.status, code: (answer.body as { code: string }).code }).toEqual({ body, status, code });
    }
    for (const body of [{ periodEnd: periods[0], value: 47, reason: 'x' }, { periodEnd: periods[0], value: '47' }, { periodEnd: 'last quarter', value: '47', reason: 'x' }]) {
      const answer = await http.as(steward)(`${goalPath}/measurement-corrections`, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
    }
    expect((await http.as(steward)('/collaboratives/uv/goals/nope/measurement-corrections', { periodEnd: periods[0], value: '1', reason: 'x' })).status).toBe(404);
    expect(await http.headPosition()).toBe(head);
    expect((await http.getAs(steward)<{ code: string }>('/collaboratives/uv/goals/nope')).body).toMatchObject({ status: 404, code: 'goal_not_found' });
    expect((await http.getAs(outsider)<{ code: string }>(goalPath)).status).toBe(403);
    const early = await http.getAs(steward)<{ code: string }>(`${goalPath}?asOf=2020-01-01T00:00:00Z`);
    expect(early.status).toBe(404);
  });
});
