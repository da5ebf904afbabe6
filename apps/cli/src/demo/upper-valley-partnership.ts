import { createHash } from 'node:crypto';
import { RECORDS, type Commitment, type Partnership, type Pledge } from '@ledger/domain';
import { dateOf, DemoPlan, idOf, newRecord, type DemoActor, type DemoIds } from './demo-plan';

/**
 * The demo partnership: the Upper Valley, a rural region in the Integrate phase. Twelve
 * organizations of nine sectors, two stewards, an auditor and an observer; two shared goals with
 * quarterly measurements; a declaration of partnership signed by every party; thirty commitments
 * that between them end in every status; six funding pledges; and a two-sided shared-risk agreement
 * with a settled year. Everything is dated relative to the day it is loaded, over the past ~14
 * months, so "overdue" and "delivered late" stay true whenever the demo is loaded.
 */
export const DEMO_COLLABORATIVE_ID = 'upper-valley-partnership';

const C = DEMO_COLLABORATIVE_ID;
const OPERATOR: DemoActor = 'operator';
const as = (org: string): DemoActor => ({ org });

export const DEMO_ORGANIZATIONS = [
  { id: 'upper-valley-health', name: 'Upper Valley Health', sector: 'hospital', role: 'steward' },
  { id: 'valley-public-health', name: 'Valley Public Health District', sector: 'public_health', role: 'steward' },
  { id: 'st-brigid-medical', name: 'St. Brigid Medical Center', sector: 'hospital', role: 'member' },
  { id: 'granite-state-health-plan', name: 'Granite State Health Plan', sector: 'payer', role: 'member' },
  { id: 'riverside-chc', name: 'Riverside Community Health Center', sector: 'community_org', role: 'member' },
  { id: 'north-country-food-bank', name: 'North Country Food Bank', sector: 'community_org', role: 'member' },
  { id: 'upper-valley-employers', name: 'Upper Valley Employers Alliance', sector: 'employer', role: 'member' },
  { id: 'tri-county-college', name: 'Tri-County Community College', sector: 'education', role: 'member' },
  { id: 'connecticut-river-foundation', name: 'Connecticut River Health Foundation', sector: 'funder', role: 'member' },
  { id: 'upper-valley-county', name: 'Upper Valley County Government', sector: 'government', role: 'member' },
  { id: 'regional-audit-partners', name: 'Regional Audit Partners', sector: 'other', role: 'auditor' },
  { id: 'valley-residents-council', name: 'Valley Residents Council', sector: 'resident_group', role: 'observer' },
] as const;

const PARTIES = DEMO_ORGANIZATIONS.filter((o) => o.role === 'steward' || o.role === 'member').map((o) => o.id);
const SIGNATORIES: Record<string, Partnership.SignDeclaration['data']['signatory']> = {
  'upper-valley-health': { name: 'Dr. Maya Okafor', title: 'Chief Executive Officer' },
  'valley-public-health': { name: 'Luis Ferreira', title: 'District Health Officer' },
  'st-brigid-medical': { name: 'Sr. Anne Delacroix', title: 'President' },
  'granite-state-health-plan': { name: 'Priya Raman', title: 'Chief Medical Officer' },
  'riverside-chc': { name: 'Tomás Alvarez', title: 'Executive Director' },
  'north-country-food-bank': { name: 'Grace Whitcomb', title: 'Executive Director' },
  'upper-valley-employers': { name: 'Daniel Mercer', title: 'Board Chair' },
  'tri-county-college': { name: 'Dr. Helen Zhou', title: 'President' },
  'connecticut-river-foundation': { name: 'Samuel Osei', title: 'Program Director' },
  'upper-valley-county': { name: 'Ruth Lindqvist', title: 'County Administrator' },
};

const usd = (amount: string) => ({ currency: 'USD', amount });
const toCollaborative = { collaborativeId: C };
const toOrg = (organizationId: string) => ({ organizationId });
const evidence = (name: string) => ({
  uri: `https://evidence.upper-valley.example/${name}`,
  // The digest of the evidence document (the demo's documents are imaginary; the digest is of its name).
  sha256: sha256Hex(name),
});

/** The steward who answers for the collaborative when it is the promisee. */
const STEWARD = 'valley-public-health';
const OTHER_STEWARD = 'upper-valley-health';

interface CommitmentSpec {
  key: string;
  by: string;
  to: Commitment.Promisee;
  title: string;
  deliverable?: string;
  measure?: Commitment.Measure;
  goal?: 'ed' | 'food';
  made: number;
  due: number;
  /** The promisee (or a steward for the collaborative); defaults to STEWARD. */
  answeredBy?: string;
}

export function upperValleyPartnership(today: Date): DemoPlan {
  const plan = new DemoPlan();
  const d = (days: number) => dateOf(today, days);

  // --- organizations and the collaborative (the operator) -------------------------------------
  DEMO_ORGANIZATIONS.forEach((o, i) =>
    plan.send(-430 + Math.floor(i / 6), OPERATOR, RECORDS.organization, o.id, { type: 'RegisterOrganization', data: { id: o.id, name: o.name, sector: o.sector } }),
  );
  plan.send(-425, OPERATOR, RECORDS.collaborative, C, {
    type: 'FormCollaborative',
    data: { id: C, name: 'Upper Valley Health Partnership', region: 'Upper Valley (NH/VT)', pathwayPhase: 5 },
  });
  for (const o of DEMO_ORGANIZATIONS) plan.send(-425, OPERATOR, RECORDS.collaborative, C, { type: 'AdmitMember', data: { organizationId: o.id, role: o.role } });

  // --- shared goals and their quarterly measurements (a steward) ------------------------------
  plan.send(-420, as(STEWARD), RECORDS.collaborative, C, {
    type: 'AdoptSharedGoal',
    data: {
      goalId: 'avoidable-ed-visits',
      title: 'Fewer avoidable emergency department visits',
      indicator: { name: 'Avoidable ED visits per 1,000 residents', unit: 'visits per 1,000', polarity: 'lower_is_better' },
      baseline: { value: '48.0', date: d(-425) },
      target: { value: '40.0', date: d(340) },
    },
  });
  plan.send(-420, as(STEWARD), RECORDS.collaborative, C, {
    type: 'AdoptSharedGoal',
    data: {
      goalId: 'food-insecurity-screening',
      title: 'Every primary-care patient screened for food insecurity',
      indicator: { name: 'Primary-care patients screened for food insecurity', unit: '%', polarity: 'higher_is_better' },
      baseline: { value: '22', date: d(-425) },
      target: { value: '60', date: d(340) },
    },
  });
  const quarters = [-335, -245, -155, -65];
  const ed = ['47.1', '45.8', '44.9', '43.6'];
  const food = ['28', '35', '41', '47'];
  quarters.forEach((periodEnd, q) => {
    const source = 'Valley Public Health District, regional indicator report';
    plan.send(periodEnd + 12, as(STEWARD), RECORDS.collaborative, C, {
      type: 'RecordMeasurement',
      data: { goalId: 'avoidable-ed-visits', value: ed[q], periodEnd: d(periodEnd), source },
    });
    plan.send(periodEnd + 12, as(STEWARD), RECORDS.collaborative, C, {
      type: 'RecordMeasurement',
      data: { goalId: 'food-insecurity-screening', value: food[q], periodEnd: d(periodEnd), source },
    });
  });

  // --- the declaration of partnership: every party signs; it takes effect with the last ---------
  plan.send(-410, as(STEWARD), RECORDS.partnership, newRecord('partnership'), (_ids, id) => ({
    type: 'DraftDeclaration',
    data: {
      id,
      collaborativeId: C,
      title: 'Upper Valley Declaration of Partnership for Community Health',
      termsSha256: sha256Hex('upper-valley-declaration-of-partnership-v3.pdf'),
      summary: 'The partners commit to shared goals on avoidable ED use and food security, shared data, and shared accountability for results.',
      parties: PARTIES,
      effectiveFrom: d(-395),
      effectiveUntil: d(700),
    },
  }));
  PARTIES.forEach((party, i) =>
    plan.send(-409 + i, as(party), RECORDS.partnership, idOf('partnership'), { type: 'SignDeclaration', data: { signatory: SIGNATORIES[party] } }),
  );

  // --- commitments ---------------------------------------------------------------------------
  const commitments: CommitmentSpec[] = [];
  const make = (spec: CommitmentSpec) => {
    commitments.push(spec);
    plan.send(spec.made, as(spec.by), RECORDS.commitment, newRecord(`commitment:${spec.key}`), (ids, id) => ({
      type: 'MakeCommitment',
      data: {
        id,
        collaborativeId: C,
        promisee: spec.to,
        title: spec.title,
        ...(spec.deliverable ? { deliverable: spec.deliverable } : {}),
        ...(spec.measure ? { measure: spec.measure } : {}),
        dueDate: d(spec.due),
        ...(spec.goal ? { goalId: spec.goal === 'ed' ? 'avoidable-ed-visits' : 'food-insecurity-screening' } : {}),
        partnershipId: ids.get('partnership'),
      },
    }));
    return spec;
  };
  const answerer = (spec: CommitmentSpec) => spec.answeredBy ?? ('organizationId' in spec.to ? spec.to.organizationId : STEWARD);
  /** On `day`, `actor` sends `command` to the commitment `spec`. */
  const onCommitment = (spec: CommitmentSpec, day: number, actor: string, command: Commitment.CommitmentCommand | ((ids: DemoIds) => Commitment.CommitmentCommand), keep?: { revisionId: string }) =>
    plan.send(day, as(actor), RECORDS.commitment, idOf(`commitment:${spec.key}`), command, keep);
  const accept = (spec: CommitmentSpec, day: number) => onCommitment(spec, day, answerer(spec), { type: 'AcceptCommitment', data: {} });
  const progress = (spec: CommitmentSpec, day: number, note: string, value?: string) =>
    onCommitment(spec, day, spec.by, { type: 'ReportCommitmentProgress', data: { note, ...(value ? { value } : {}) } });
  const deliver = (spec: CommitmentSpec, day: number, value?: string) =>
    onCommitment(spec, day, spec.by, {
      type: 'ClaimCommitmentDelivery',
      data: { deliveredOn: d(day), ...(value ? { value } : {}), evidence: evidence(`${spec.key}-delivery.pdf`) },
    });
  const confirm = (spec: CommitmentSpec, day: number) => onCommitment(spec, day, answerer(spec), { type: 'ConfirmCommitmentDelivery', data: {} });
  /** Made, accepted two days later, delivered and confirmed: the usual life of a promise kept. */
  const kept = (spec: CommitmentSpec, deliveredDay: number, confirmedDay: number, value?: string) => {
    make(spec);
    accept(spec, spec.made + 2);
    deliver(spec, deliveredDay, value);
    confirm(spec, confirmedDay);
  };

  // delivered on time
  kept({ key: 'chw-hiring', by: 'riverside-chc', to: toCollaborative, title: 'Hire four community health workers for frequent ED users', deliverable: 'Four CHWs hired and assigned to the ED high-utilizer list', measure: { indicator: 'CHWs hired', unit: 'people', target: '4' }, goal: 'ed', made: -390, due: -200 }, -212, -206, '4');
  kept({ key: 'chna', by: 'valley-public-health', to: toCollaborative, title: 'Publish the regional community health needs assessment', deliverable: 'CHNA report, public', made: -400, due: -300, answeredBy: OTHER_STEWARD }, -306, -303);
  kept({ key: 'ed-alerts', by: 'upper-valley-health', to: toOrg('riverside-chc'), title: 'Send real-time ED admission alerts to Riverside care managers', deliverable: 'ADT alert feed live for Riverside patients', goal: 'ed', made: -380, due: -250 }, -262, -257);
  const pantries = make({ key: 'mobile-pantries', by: 'north-country-food-bank', to: toCollaborative, title: 'Stand up three mobile food pantries at rural clinics', measure: { indicator: 'Mobile pantries operating', unit: 'sites', target: '3' }, goal: 'food', made: -360, due: -150 });
  accept(pantries, -358);
  progress(pantries, -240, 'First pantry running at the Canaan clinic; two trucks on order', '1');
  deliver(pantries, -161, '3');
  confirm(pantries, -156);
  kept({ key: 'claims-extracts', by: 'granite-state-health-plan', to: toOrg('upper-valley-health'), title: 'Provide monthly claims extracts for the shared-savings population', made: -395, due: -330 }, -336, -334);
  const training = make({ key: 'chw-training', by: 'tri-county-college', to: toCollaborative, title: 'Train 40 community health workers', measure: { indicator: 'CHWs certified', unit: 'people', target: '40' }, made: -370, due: -120 });
  accept(training, -368);
  progress(training, -240, 'Spring cohort certified', '18');
  deliver(training, -126, '42');
  confirm(training, -121);
  kept({ key: 'screening-tool', by: 'st-brigid-medical', to: toCollaborative, title: 'Adopt the shared food-insecurity screening tool in all primary-care sites', goal: 'food', made: -300, due: -90 }, -96, -92);
  kept({ key: 'warehouse', by: 'upper-valley-county', to: toOrg('north-country-food-bank'), title: 'Lease a county warehouse to the food bank at no cost', made: -350, due: -280 }, -291, -288);
  // on time against a revised due date (the revision took effect when the promisee accepted it)
  const employers = make({ key: 'healthy-workplaces', by: 'upper-valley-employers', to: toCollaborative, title: 'Enroll 12 employers in the healthy-workplace program', measure: { indicator: 'Employers enrolled', unit: 'employers', target: '12' }, made: -330, due: -180 });
  accept(employers, -327);
  onCommitment(
    employers,
    -195,
    employers.by,
    { type: 'ProposeCommitmentRevision', data: { dueDate: d(-100), reason: 'Two large employers asked to join after their benefit renewals in the spring' } },
    { revisionId: 'revision:healthy-workplaces' },
  );
  onCommitment(employers, -190, STEWARD, (ids) => ({ type: 'AcceptCommitmentRevision', data: { revisionId: ids.get('revision:healthy-workplaces') } }));
  progress(employers, -150, 'Nine employers enrolled', '9');
  deliver(employers, -104, '12');
  confirm(employers, -101);

  // delivered late
  kept({ key: 'ed-dashboard', by: 'valley-public-health', to: toOrg('st-brigid-medical'), title: 'Deliver a hospital-level dashboard of avoidable ED visits', goal: 'ed', made: -330, due: -240 }, -226, -222);
  kept({ key: 'saturday-hours', by: 'riverside-chc', to: toOrg('upper-valley-health'), title: 'Open Saturday clinic hours at two sites', goal: 'ed', made: -300, due: -170 }, -151, -148);
  kept({ key: 'chw-benefit', by: 'granite-state-health-plan', to: toCollaborative, title: 'Cover community health worker visits as a plan benefit', made: -320, due: -130 }, -111, -108);

  // disputed, then resolved by a steward: partially delivered
  const referrals = make({ key: 'food-referrals', by: 'st-brigid-medical', to: toOrg('riverside-chc'), title: 'Refer 200 patients to the food-as-medicine program', measure: { indicator: 'Patients referred', unit: 'patients', target: '200' }, goal: 'food', made: -310, due: -140 });
  accept(referrals, -307);
  deliver(referrals, -143, '200');
  onCommitment(referrals, -139, 'riverside-chc', { type: 'DisputeCommitmentDelivery', data: { reason: 'Only 120 referrals reached our intake; 80 were never sent' } });
  onCommitment(referrals, -131, STEWARD, {
    type: 'ResolveCommitmentDispute',
    data: { outcome: 'partially_delivered', value: '120', rationale: 'Intake logs show 120 referrals received; the EHR export of the other 80 failed' },
  });
  // disputed, then resolved by a steward: delivered
  const socialWorker = make({ key: 'ed-social-worker', by: 'upper-valley-health', to: toOrg('riverside-chc'), title: 'Place a social worker in the ED overnight', goal: 'ed', made: -260, due: -100 });
  accept(socialWorker, -258);
  deliver(socialWorker, -105);
  onCommitment(socialWorker, -99, 'riverside-chc', { type: 'DisputeCommitmentDelivery', data: { reason: 'The position was filled only four nights a week' } });
  onCommitment(socialWorker, -90, STEWARD, {
    type: 'ResolveCommitmentDispute',
    data: { outcome: 'delivered', rationale: 'The commitment named overnight coverage, not every night; the schedule meets it' },
  });
  // disputed, still open
  const meals = make({ key: 'meal-boxes', by: 'north-country-food-bank', to: toOrg('st-brigid-medical'), title: 'Deliver 500 medically tailored meal boxes to discharged patients', measure: { indicator: 'Meal boxes delivered', unit: 'boxes', target: '500' }, goal: 'food', made: -200, due: -40 });
  accept(meals, -198);
  deliver(meals, -46, '500');
  onCommitment(meals, -36, 'st-brigid-medical', { type: 'DisputeCommitmentDelivery', data: { reason: 'Our discharge records show 340 boxes received' } });

  // delivery claimed, awaiting confirmation
  const apprenticeship = make({ key: 'ma-apprenticeship', by: 'tri-county-college', to: toOrg('upper-valley-health'), title: 'Launch a medical assistant apprenticeship cohort', made: -240, due: -20 });
  accept(apprenticeship, -237);
  deliver(apprenticeship, -22);
  const reporting = make({ key: 'quarterly-data', by: 'valley-public-health', to: toCollaborative, title: 'Report quarterly indicator data to all partners', made: -100, due: -5, answeredBy: OTHER_STEWARD });
  accept(reporting, -98);
  deliver(reporting, -7);

  // active: due in the future
  const caseload = make({ key: 'chw-caseload', by: 'riverside-chc', to: toCollaborative, title: 'Expand the CHW caseload to 300 residents', measure: { indicator: 'Residents on CHW caseload', unit: 'residents', target: '300' }, goal: 'ed', made: -120, due: 60 });
  accept(caseload, -118);
  progress(caseload, -60, 'Caseload at 180', '180');
  progress(caseload, -20, 'Caseload at 230; two new CHWs start next month', '230');
  const edReduction = make({ key: 'ed-reduction', by: 'upper-valley-health', to: toCollaborative, title: 'Reduce avoidable ED visits by 10 % among enrolled patients', goal: 'ed', made: -150, due: 120, answeredBy: STEWARD });
  accept(edReduction, -148);
  progress(edReduction, -30, 'Down 6 % year to date among enrolled patients', '6');
  const vouchers = make({ key: 'transport-vouchers', by: 'granite-state-health-plan', to: toOrg('riverside-chc'), title: 'Fund transport vouchers for dialysis patients', made: -80, due: 45 });
  accept(vouchers, -77);
  const sharedRecord = make({ key: 'social-needs-data', by: 'st-brigid-medical', to: toCollaborative, title: 'Integrate social-needs data into the shared care record', goal: 'food', made: -140, due: 90 });
  accept(sharedRecord, -137);
  onCommitment(
    sharedRecord,
    -10,
    sharedRecord.by,
    { type: 'ProposeCommitmentRevision', data: { dueDate: d(150), reason: 'The vendor moved the interface release to next quarter' } },
    { revisionId: 'revision:social-needs-data' },
  );
  const learningDay = make({ key: 'learning-day', by: 'connecticut-river-foundation', to: toCollaborative, title: 'Convene the annual partnership learning day', made: -60, due: 150 });
  accept(learningDay, -57);

  // overdue: accepted, past due, not delivered
  const ordinance = make({ key: 'school-nurses', by: 'upper-valley-county', to: toCollaborative, title: 'Pass a county ordinance funding school nurses', made: -220, due: -30 });
  accept(ordinance, -217);
  const internships = make({ key: 'internships', by: 'upper-valley-employers', to: toOrg('tri-county-college'), title: 'Offer 25 paid health-care internships', measure: { indicator: 'Paid internships', unit: 'internships', target: '25' }, made: -210, due: -60 });
  accept(internships, -206);
  progress(internships, -90, 'Eleven internships confirmed', '11');
  const dischargeData = make({ key: 'discharge-data', by: 'st-brigid-medical', to: toOrg('valley-public-health'), title: 'Share de-identified discharge data monthly', made: -180, due: -14 });
  accept(dischargeData, -176);

  // proposed: not yet answered
  make({ key: 'careers-fair', by: 'tri-county-college', to: toCollaborative, title: 'Host a health-careers fair for high-school students', made: -6, due: 100 });
  make({ key: 'weekend-screening', by: 'north-country-food-bank', to: toOrg('upper-valley-health'), title: 'Staff weekend food-insecurity screening in the ED', goal: 'food', made: -3, due: 75 });

  // declined
  const planSwitch = make({ key: 'plan-switch', by: 'upper-valley-employers', to: toOrg('granite-state-health-plan'), title: 'Move member employers to the regional health plan', made: -250, due: -60 });
  onCommitment(planSwitch, -245, 'granite-state-health-plan', { type: 'DeclineCommitment', data: { reason: 'Outside the partnership: plan choice belongs to each employer' } });

  // withdrawn
  const truck = make({ key: 'refrigerated-truck', by: 'connecticut-river-foundation', to: toOrg('north-country-food-bank'), title: 'Fund a second refrigerated truck', made: -200, due: -20 });
  accept(truck, -198);
  onCommitment(truck, -120, truck.by, { type: 'WithdrawCommitment', data: { reason: 'Replaced by the food bank pledge, which covers the truck' } });

  // missed: closed by a steward
  const sobering = make({ key: 'sobering-center', by: 'upper-valley-county', to: toOrg('riverside-chc'), title: 'Open a county-run sobering center', goal: 'ed', made: -330, due: -150 });
  accept(sobering, -328);
  onCommitment(sobering, -60, STEWARD, { type: 'CloseCommitmentAsMissed', data: { rationale: 'No site was found; the county has withdrawn the budget line' } });

  // --- funding pledges -------------------------------------------------------------------------
  // Made on its day, also when the demo is loaded into a ledger that already holds events (then
  // recorded today): its disbursements are dated after it.
  const pledge = (key: string, funder: string, terms: Omit<Pledge.MakePledge['data'], 'id' | 'collaborativeId' | 'madeOn'>, day: number) =>
    plan.send(day, as(funder), RECORDS.pledge, newRecord(`pledge:${key}`), (_ids, id) => ({ type: 'MakePledge', data: { id, collaborativeId: C, ...terms, madeOn: d(day) } }));
  /** On `day`, `actor` sends `command` to the pledge `key`. */
  const onPledge = (key: string, day: number, actor: string, command: Pledge.PledgeCommand | ((ids: DemoIds) => Pledge.PledgeCommand), keep?: { disbursementId: string }) =>
    plan.send(day, as(actor), RECORDS.pledge, idOf(`pledge:${key}`), command, keep);
  const acknowledge = (key: string, recipient: string, day: number) => onPledge(key, day, recipient, { type: 'AcknowledgePledge', data: {} });
  const disburse = (key: string, funder: string, recipient: string | null, n: number, amount: string, day: number, receivedDay?: number) => {
    onPledge(
      key,
      day,
      funder,
      { type: 'RecordDisbursement', data: { amount: usd(amount), disbursedOn: d(day), reference: `${key.toUpperCase()}-${n}` } },
      { disbursementId: `disbursement:${key}:${n}` },
    );
    if (recipient && receivedDay !== undefined) {
      onPledge(key, receivedDay, recipient, (ids) => ({
        type: 'ConfirmDisbursementReceipt',
        data: { disbursementId: ids.get(`disbursement:${key}:${n}`), receivedOn: d(receivedDay) },
      }));
    }
  };

  // A foundation's firm pledge to the collaborative in four installments; the last is overdue.
  pledge('foundation', 'connecticut-river-foundation', {
    recipient: toCollaborative,
    purpose: 'Core funding for the community health worker program',
    amount: usd('250000.00'),
    binding: true,
    schedule: [-300, -210, -120, -30].map((day) => ({ dueDate: d(day), amount: usd('62500.00') })),
    conditions: 'Quarterly progress reports to the foundation',
  }, -350);
  acknowledge('foundation', STEWARD, -348);
  disburse('foundation', 'connecticut-river-foundation', STEWARD, 1, '62500.00', -302, -299);
  disburse('foundation', 'connecticut-river-foundation', STEWARD, 2, '62500.00', -208, -203);
  disburse('foundation', 'connecticut-river-foundation', null, 3, '62500.00', -118);
  // A payer's pledge to a health center, paid in full.
  pledge('payer-chc', 'granite-state-health-plan', { recipient: toOrg('riverside-chc'), purpose: 'Start-up costs of the Saturday clinic', amount: usd('120000.00'), binding: true }, -320);
  acknowledge('payer-chc', 'riverside-chc', -318);
  disburse('payer-chc', 'granite-state-health-plan', 'riverside-chc', 1, '60000.00', -280, -278);
  disburse('payer-chc', 'granite-state-health-plan', 'riverside-chc', 2, '60000.00', -100, -97);
  // An indicative pledge from the employers, acknowledged, nothing paid yet.
  pledge('employers-food', 'upper-valley-employers', { recipient: toOrg('north-country-food-bank'), purpose: 'Workplace food drives and a matching gift', amount: usd('40000.00'), binding: false }, -180);
  acknowledge('employers-food', 'north-country-food-bank', -178);
  // A hospital's pledge to the college, amended down after the first payment.
  pledge('hospital-college', 'upper-valley-health', { recipient: toOrg('tri-county-college'), purpose: 'Scholarships for the medical assistant apprenticeship', amount: usd('75000.00'), binding: true }, -260);
  acknowledge('hospital-college', 'tri-county-college', -257);
  disburse('hospital-college', 'upper-valley-health', 'tri-county-college', 1, '30000.00', -200, -196);
  onPledge('hospital-college', -150, 'upper-valley-health', { type: 'AmendPledge', data: { amount: usd('60000.00'), reason: 'The cohort was filled at 12 apprentices, not 15' } });
  disburse('hospital-college', 'upper-valley-health', 'tri-county-college', 2, '15000.00', -60, -55);
  // The county's pledge, partly paid and then cancelled.
  pledge('county-health', 'upper-valley-county', { recipient: toOrg('valley-public-health'), purpose: 'School-based vaccination clinics', amount: usd('50000.00'), binding: true }, -300);
  acknowledge('county-health', 'valley-public-health', -298);
  disburse('county-health', 'upper-valley-county', 'valley-public-health', 1, '20000.00', -240, -236);
  onPledge('county-health', -90, 'upper-valley-county', { type: 'CancelPledge', data: { reason: 'County budget shortfall; the remaining clinics are postponed' } });
  // The foundation's pledge to the food bank (the truck), paid at once.
  pledge('foundation-truck', 'connecticut-river-foundation', { recipient: toOrg('north-country-food-bank'), purpose: 'A second refrigerated truck', amount: usd('85000.00'), binding: true }, -125);
  acknowledge('foundation-truck', 'north-country-food-bank', -123);
  disburse('foundation-truck', 'connecticut-river-foundation', 'north-country-food-bank', 1, '85000.00', -110, -108);

  // --- a two-sided shared-risk agreement with a settled year --------------------------------------
  plan.send(-405, as('upper-valley-health'), RECORDS['risk-agreement'], newRecord('risk'), (_ids, id) => ({
    type: 'ProposeRiskAgreement',
    data: {
      id,
      collaborativeId: C,
      title: 'Upper Valley total-cost-of-care agreement, year 1',
      scope: 'Total cost of care for 18,400 attributed Granite State Health Plan members',
      period: { start: d(-390), end: d(-26) },
      model: 'two_sided',
      benchmark: usd('12000000.00'),
      minimumSavingsRate: '2.0',
      minimumLossRate: '2.0',
      sharingRate: '50',
      lossSharingRate: '40',
      savingsCap: '10',
      lossCap: '5',
      parties: [
        { organizationId: 'upper-valley-health', shareBps: 4500 },
        { organizationId: 'st-brigid-medical', shareBps: 3500 },
        { organizationId: 'riverside-chc', shareBps: 2000 },
      ],
    },
  }));
  for (const [i, party] of ['upper-valley-health', 'st-brigid-medical', 'riverside-chc'].entries()) {
    plan.send(-404 + i, as(party), RECORDS['risk-agreement'], idOf('risk'), { type: 'SignRiskAgreement', data: { signatory: SIGNATORIES[party] } });
  }
  plan.send(
    -12,
    as(STEWARD),
    RECORDS['risk-agreement'],
    idOf('risk'),
    { type: 'RecordPeriodResult', data: { periodEnd: d(-26), actualCost: usd('11403217.45') } },
    { settlementId: 'settlement' },
  );
  plan.send(-4, as('upper-valley-health'), RECORDS['risk-agreement'], idOf('risk'), (ids) => ({
    type: 'RecordSettlementPayment',
    data: {
      settlementId: ids.get('settlement'),
      fromOrganizationId: 'granite-state-health-plan',
      toOrganizationId: 'upper-valley-health',
      amount: usd('100000.00'),
      paidOn: d(-4),
    },
  }));

  return plan;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
