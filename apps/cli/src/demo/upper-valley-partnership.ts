import { createHash } from 'node:crypto';
import { RECORDS, type CharterRule, type Commitment, type Partnership, type Pledge, type Resolution, type VoteChoice } from '@ledger/domain';
import { dateOf, DemoPlan, idOf, newRecord, type DemoActor, type DemoIds } from './demo-plan';

/**
 * The demo partnership: the Upper Valley, a rural region that enters the Integrate phase by a vote
 * of its partners. Twelve founding organizations of nine sectors, two stewards, an auditor and an
 * observer, and a thirteenth admitted by vote; a charter adopted at formation; two shared goals with
 * quarterly measurements; a declaration of partnership signed by every party, and an older
 * memorandum terminated by resolution; thirty commitments that between them end in every status;
 * six funding pledges; a two-sided shared-risk agreement with a settled year; and a year of
 * governance: thirteen resolutions (adopted, rejected, lapsed, withdrawn, one still open) and five
 * quarterly steering-committee meetings. Everything is dated relative to the day it is loaded, over
 * the past ~14 months, so "overdue" and "delivered late" stay true whenever the demo is loaded.
 */
export const DEMO_COLLABORATIVE_ID = 'upper-valley-partnership';

const C = DEMO_COLLABORATIVE_ID;
const OPERATOR: DemoActor = 'operator';
const as = (org: string): DemoActor => ({ org });

/** The founding organizations, each admitted by the operator when the collaborative is formed. */
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

/** A second community organization, admitted as a member later, by a vote of the members. */
export const DEMO_ADMITTED_BY_VOTE = { id: 'twin-rivers-housing', name: 'Twin Rivers Housing Coalition', sector: 'community_org', role: 'member' } as const;

/**
 * The charter the operator sets at formation (the matters it leaves out keep the default charter:
 * adjudicate_dispute, record_risk_result, adopt_goal and revise_goal by one steward; remove_member
 * and change_role by a vote of the stewards).
 */
export const DEMO_CHARTER: CharterRule[] = [
  { matter: 'admit_member', decidedBy: 'members', quorumPct: '50', thresholdPct: '50', votingDays: 14 },
  { matter: 'change_phase', decidedBy: 'members', quorumPct: '50', thresholdPct: '66.67', votingDays: 14 },
  { matter: 'terminate_declaration', decidedBy: 'stewards', quorumPct: '50', thresholdPct: '66.67', votingDays: 14 },
  { matter: 'close_commitment_as_missed', decidedBy: 'stewards', quorumPct: '50', thresholdPct: '50', votingDays: 7 },
  { matter: 'amend_charter', decidedBy: 'members', quorumPct: '50', thresholdPct: '66.67', votingDays: 14 },
  { matter: 'general', decidedBy: 'members', quorumPct: '50', thresholdPct: '50', votingDays: 14 },
];

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
  // Formed in phase 4; the partners vote it into the Integrate phase (5) once the declaration is in effect.
  plan.send(-425, OPERATOR, RECORDS.collaborative, C, {
    type: 'FormCollaborative',
    data: { id: C, name: 'Upper Valley Health Partnership', region: 'Upper Valley (NH/VT)', pathwayPhase: 4 },
  });
  plan.send(-425, OPERATOR, RECORDS.collaborative, C, { type: 'SetCharter', data: { rules: DEMO_CHARTER } });
  // The operator, who convenes the collaborative, seats the founding members (stewards included) whatever the charter.
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

  // --- an older memorandum among three partners, which the stewards terminate by resolution -------
  const MEMORANDUM_PARTIES = ['north-country-food-bank', 'st-brigid-medical', 'upper-valley-county'];
  plan.send(-423, as('north-country-food-bank'), RECORDS.partnership, newRecord('partnership:memorandum'), (_ids, id) => ({
    type: 'DraftDeclaration',
    data: {
      id,
      collaborativeId: C,
      title: 'Interim food-as-medicine memorandum of understanding',
      termsSha256: sha256Hex('interim-food-as-medicine-mou.pdf'),
      summary: 'Until a declaration of the whole partnership is signed, the food bank, the medical center and the county coordinate food-as-medicine referrals.',
      parties: MEMORANDUM_PARTIES,
      effectiveFrom: d(-423),
    },
  }));
  MEMORANDUM_PARTIES.forEach((party, i) =>
    plan.send(-423 + i, as(party), RECORDS.partnership, idOf('partnership:memorandum'), { type: 'SignDeclaration', data: { signatory: SIGNATORIES[party] } }),
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

  // disputed, then resolved by a steward in no conflict (one steward's matter until the charter is amended): partially delivered
  const referrals = make({ key: 'food-referrals', by: 'st-brigid-medical', to: toOrg('riverside-chc'), title: 'Refer 200 patients to the food-as-medicine program', measure: { indicator: 'Patients referred', unit: 'patients', target: '200' }, goal: 'food', made: -310, due: -140 });
  accept(referrals, -307);
  deliver(referrals, -143, '200');
  onCommitment(referrals, -139, 'riverside-chc', { type: 'DisputeCommitmentDelivery', data: { reason: 'Only 120 referrals reached our intake; 80 were never sent' } });
  onCommitment(referrals, -131, STEWARD, {
    type: 'ResolveCommitmentDispute',
    data: { outcome: 'partially_delivered', value: '120', rationale: 'Intake logs show 120 referrals received; the EHR export of the other 80 failed' },
  });
  // disputed, then adjudicated as delivered by a resolution of the stewards, the promisor (a steward) recused (below)
  const socialWorker = make({ key: 'ed-social-worker', by: 'upper-valley-health', to: toOrg('riverside-chc'), title: 'Place a social worker in the ED overnight', goal: 'ed', made: -260, due: -100 });
  accept(socialWorker, -258);
  deliver(socialWorker, -105);
  onCommitment(socialWorker, -99, 'riverside-chc', { type: 'DisputeCommitmentDelivery', data: { reason: 'The position was filled only four nights a week' } });
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

  // missed: closed by a resolution of the stewards (the charter gives it to their vote; below)
  const sobering = make({ key: 'sobering-center', by: 'upper-valley-county', to: toOrg('riverside-chc'), title: 'Open a county-run sobering center', goal: 'ed', made: -330, due: -150 });
  accept(sobering, -328);

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

  // --- a year of governance: resolutions under the charter, and the meetings that took them up ----
  const FOUNDING_VOTERS = PARTIES; // the stewards and members: the electorate of the members' matters
  type Proposal = Omit<Resolution.ProposeResolution['data'], 'id' | 'collaborativeId' | 'meetingId'>;
  /** On `day`, `proposer` proposes resolution `key` (at meeting `atMeeting`, already recorded, if given); voting closes after the rule's votingDays. */
  const propose = (key: string, day: number, proposer: string, proposal: Proposal | ((ids: DemoIds) => Proposal), atMeeting?: string) =>
    plan.send(day, as(proposer), RECORDS.resolution, newRecord(`resolution:${key}`), (ids, id) => ({
      type: 'ProposeResolution',
      data: {
        id,
        collaborativeId: C,
        ...(typeof proposal === 'function' ? proposal(ids) : proposal),
        ...(atMeeting ? { meetingId: ids.get(`meeting:${atMeeting}`) } : {}),
      },
    }));
  const onResolution = (key: string, day: number, actor: string, command: Resolution.ResolutionCommand) =>
    plan.send(day, as(actor), RECORDS.resolution, idOf(`resolution:${key}`), command);
  type Ballot = [org: string, choice: VoteChoice, reason?: string];
  /** The votes, one organization after the other, spread evenly from day `from` to day `to`. */
  const vote = (key: string, from: number, to: number, ballots: Ballot[]) =>
    ballots.forEach(([org, choice, reason], i) =>
      onResolution(key, from + Math.floor(((to - from) * i) / Math.max(ballots.length - 1, 1)), org, { type: 'CastVote', data: { choice, ...(reason ? { reason } : {}) } }),
    );
  const close = (key: string, day: number, steward: string) => onResolution(key, day, steward, { type: 'CloseResolution', data: {} });
  const forAll = (orgs: readonly string[], except: readonly string[] = []): Ballot[] => orgs.filter((org) => !except.includes(org)).map((org) => [org, 'for']);
  /** On `day` (the day it is held), a steward records a steering-committee meeting and the resolutions it took up. */
  const meeting = (key: string, day: number, title: string, attendees: readonly string[], resolutions: readonly string[], minutesSummary: string) =>
    plan.send(day, as(STEWARD), RECORDS.meeting, newRecord(`meeting:${key}`), (ids, id) => ({
      type: 'RecordMeeting',
      data: {
        id,
        collaborativeId: C,
        heldOn: d(day),
        title,
        attendees: [...attendees],
        ...(resolutions.length > 0 ? { resolutionIds: resolutions.map((r) => ids.get(`resolution:${r}`)) } : {}),
        minutesSha256: sha256Hex(`steering-committee-${key}-minutes.pdf`),
        minutesSummary,
      },
    }));
  const [UVH, VPH] = [OTHER_STEWARD, STEWARD];
  const NEWCOMER = DEMO_ADMITTED_BY_VOTE.id;

  // First quarter. The declaration took effect (day -400): the partners vote the collaborative into the Integrate phase.
  propose('integrate', -397, UVH, {
    title: 'Enter the Integrate phase',
    text: 'With the Declaration of Partnership in effect, the partnership enters phase 5 (Integrate): the stewardship group sets regional goals, directs resources and adjudicates conflicts.',
    matter: 'change_phase',
    acts: [{ type: 'change_phase', pathwayPhase: 5, reason: 'The Declaration of Partnership took effect; the partners vested the stewardship group with its authority' }],
  });
  vote('integrate', -396, -385, [
    ...forAll(FOUNDING_VOTERS, ['tri-county-college']),
    ['tri-county-college', 'abstain', 'Our board has not yet discussed the authority of the stewardship group'],
  ]);
  propose('data-principles', -396, VPH, {
    title: 'Adopt the partnership data-sharing principles',
    text: 'Partners share de-identified data only, for the shared goals only, under the data-use agreement; residents see what is shared about their community.',
    matter: 'general',
  });
  vote('data-principles', -395, -386, [
    ...forAll(FOUNDING_VOTERS, ['granite-state-health-plan', 'upper-valley-employers']),
    ['granite-state-health-plan', 'abstain', 'Pending the review of the claims-data clause by our privacy office'],
  ]);
  meeting('q1', -390, 'Steering committee, first quarter', [...FOUNDING_VOTERS, 'valley-residents-council'], ['integrate', 'data-principles'],
    'Discussed entering the Integrate phase and the data-sharing principles, both under vote; proposed ending the interim food-as-medicine memorandum, superseded by the declaration.');
  propose('end-memorandum', -390, VPH, (ids) => ({
    title: 'Terminate the interim food-as-medicine memorandum',
    matter: 'terminate_declaration',
    acts: [{ type: 'terminate_declaration', partnershipId: ids.get('partnership:memorandum'), reason: 'Superseded by the Declaration of Partnership, in effect since the first quarter' }],
  }), 'q1');
  vote('end-memorandum', -389, -388, [[UVH, 'for'], [VPH, 'for']]);
  close('integrate', -382, VPH);
  close('data-principles', -381, VPH);
  close('end-memorandum', -375, UVH);

  // Second quarter: a member admitted by vote, the first installment allocated, dues rejected.
  plan.send(-330, OPERATOR, RECORDS.organization, NEWCOMER, { type: 'RegisterOrganization', data: { id: NEWCOMER, name: DEMO_ADMITTED_BY_VOTE.name, sector: DEMO_ADMITTED_BY_VOTE.sector } });
  propose('admit-housing', -325, 'riverside-chc', {
    title: 'Admit the Twin Rivers Housing Coalition as a member',
    text: 'Unstable housing drives a third of our frequent ED users; the coalition brings the housing partners the CHWs refer to.',
    matter: 'admit_member',
    acts: [{ type: 'admit_member', organizationId: NEWCOMER, role: DEMO_ADMITTED_BY_VOTE.role }],
  });
  vote('admit-housing', -324, -313, [
    ...forAll(FOUNDING_VOTERS, ['upper-valley-employers', 'granite-state-health-plan']),
    ['upper-valley-employers', 'against', 'Housing is outside the two shared goals'],
  ]);
  close('admit-housing', -310, VPH);
  propose('allocate-installment', -298, VPH, {
    title: 'Allocate the first installment of the foundation grant',
    text: 'Of the $62,500 received: $40,000 to community health worker salaries at Riverside, $22,500 to the mobile pantries.',
    matter: 'general',
  });
  onResolution('allocate-installment', -297, 'connecticut-river-foundation', {
    type: 'RecuseFromResolution',
    data: { reason: 'The foundation made the grant; how the partners divide it is for them to decide' },
  });
  vote('allocate-installment', -297, -286, [
    ...forAll([...FOUNDING_VOTERS, NEWCOMER], ['connecticut-river-foundation', 'upper-valley-employers']),
    ['upper-valley-employers', 'abstain'],
  ]);
  meeting('q2', -290, 'Steering committee, second quarter', [UVH, VPH, 'riverside-chc', 'st-brigid-medical', 'north-country-food-bank', 'upper-valley-county', 'connecticut-river-foundation', NEWCOMER, 'regional-audit-partners'],
    ['admit-housing', 'allocate-installment'],
    'Welcomed the Twin Rivers Housing Coalition; discussed the allocation of the first installment (the foundation recused itself); proposed annual member dues.');
  propose('member-dues', -290, UVH, {
    title: 'Levy annual member dues of $5,000',
    text: 'Each steward and member pays $5,000 a year toward a shared coordinator.',
    matter: 'general',
  }, 'q2');
  vote('member-dues', -289, -279, [
    [UVH, 'for'],
    [VPH, 'for'],
    ['st-brigid-medical', 'for'],
    ['riverside-chc', 'against', 'A flat fee weighs most on the smallest partners'],
    ['north-country-food-bank', 'against', 'Our donors fund food, not dues'],
    ['tri-county-college', 'against'],
    ['upper-valley-county', 'against', 'Not in this fiscal year’s budget'],
    ['upper-valley-employers', 'against'],
    [NEWCOMER, 'against'],
    ['connecticut-river-foundation', 'against', 'We would rather fund the coordinator as a grant'],
    ['granite-state-health-plan', 'abstain'],
  ]);
  close('allocate-installment', -283, UVH);
  close('member-dues', -275, VPH);

  // Third quarter: a summer vote that drew too few votes, and lapsed.
  propose('transit-levy', -215, 'upper-valley-county', {
    title: 'Endorse the regional transit levy on the November ballot',
    text: 'Missed appointments follow the bus routes; the partnership endorses the levy that would restore them.',
    matter: 'general',
  });
  vote('transit-levy', -214, -206, [['upper-valley-county', 'for'], ['riverside-chc', 'for'], ['tri-county-college', 'abstain', 'A college does not take positions on ballot measures']]);
  meeting('q3', -205, 'Steering committee, third quarter', [UVH, VPH, 'upper-valley-county', 'riverside-chc', NEWCOMER, 'valley-residents-council'], ['transit-levy'],
    'A thin summer meeting; the transit levy endorsement had drawn three votes of eleven.');
  plan.sendOnceTimeHasPassed('the transit-levy endorsement lapses for want of quorum only once its voting period is over', -200, as(VPH), RECORDS.resolution, idOf('resolution:transit-levy'), {
    type: 'CloseResolution',
    data: {},
  });

  // Fourth quarter: after the referrals dispute, disputes go to a vote of the stewards; the screening target is raised.
  propose('disputes-by-vote', -120, VPH, {
    title: 'Amend the charter: disputes adjudicated by a vote of the stewards',
    text: 'A dispute over a delivery is decided by a vote of the stewards, any steward that is a party recused, no longer by one steward alone.',
    matter: 'amend_charter',
    acts: [
      {
        type: 'amend_charter',
        rules: [{ matter: 'adjudicate_dispute', decidedBy: 'stewards', quorumPct: '50', thresholdPct: '50', votingDays: 7 }],
        reason: 'The food-referrals dispute showed that one steward alone should not judge between partners',
      },
    ],
  });
  vote('disputes-by-vote', -119, -108, [
    ...forAll([...FOUNDING_VOTERS, NEWCOMER], ['granite-state-health-plan', 'upper-valley-employers']),
    ['granite-state-health-plan', 'against', 'Disputes should stay quick; one steward settles most of them well'],
    ['upper-valley-employers', 'abstain'],
  ]);
  propose('raise-screening-target', -118, VPH, {
    title: 'Raise the food-insecurity screening target to 70 %',
    text: 'Screening reached 41 % in the third quarter, ahead of plan.',
    matter: 'revise_goal',
    acts: [{ type: 'revise_goal', goalId: 'food-insecurity-screening', target: { value: '70', date: d(340) }, reason: 'Screening is ahead of plan: 41 % in the third quarter' }],
  });
  vote('raise-screening-target', -117, -116, [[UVH, 'for'], [VPH, 'for']]);
  meeting('q4', -115, 'Steering committee, fourth quarter', [UVH, VPH, 'st-brigid-medical', 'riverside-chc', 'granite-state-health-plan', 'tri-county-college', 'north-country-food-bank', NEWCOMER, 'regional-audit-partners'],
    ['disputes-by-vote', 'raise-screening-target'],
    'Reviewed the food-referrals dispute and the charter amendment it prompted; both stewards voted to raise the screening target.');
  // Both stewards have voted: no remaining vote can change the outcome, so it closes before its voting period ends.
  close('raise-screening-target', -114, VPH);
  close('disputes-by-vote', -105, UVH);

  // The social-worker dispute, adjudicated under the amended charter: the promisor, a steward, is recused by the ledger.
  propose('adjudicate-social-worker', -97, VPH, (ids) => ({
    title: 'Adjudicate the dispute over the overnight ED social worker',
    matter: 'adjudicate_dispute',
    acts: [
      {
        type: 'adjudicate_dispute',
        commitmentId: ids.get('commitment:ed-social-worker'),
        outcome: 'delivered',
        rationale: 'The commitment named overnight coverage, not every night; the schedule meets it',
      },
    ],
  }));
  vote('adjudicate-social-worker', -96, -96, [[VPH, 'for']]);
  close('adjudicate-social-worker', -89, VPH);

  // The sobering center: a resolution asking the county to restore it, withdrawn; the commitment closed as missed by vote.
  propose('sobering-budget', -75, 'riverside-chc', {
    title: 'Ask the county to restore the sobering-center budget line',
    matter: 'general',
  });
  vote('sobering-budget', -74, -73, [['riverside-chc', 'for'], [UVH, 'for']]);
  onResolution('sobering-budget', -70, 'riverside-chc', {
    type: 'WithdrawResolution',
    data: { reason: 'The county confirmed the budget line will not return; the stewards will close the commitment as missed instead' },
  });
  propose('sobering-missed', -68, VPH, (ids) => ({
    title: 'Close the sobering-center commitment as missed',
    matter: 'close_commitment_as_missed',
    acts: [{ type: 'close_commitment_as_missed', commitmentId: ids.get('commitment:sobering-center'), rationale: 'No site was found; the county has withdrawn the budget line' }],
  }));
  vote('sobering-missed', -67, -66, [[UVH, 'for'], [VPH, 'for']]);
  close('sobering-missed', -60, UVH);
  meeting('q5', -20, 'Steering committee, annual meeting', [UVH, VPH, 'riverside-chc', 'upper-valley-county', 'st-brigid-medical', 'granite-state-health-plan', 'connecticut-river-foundation', NEWCOMER, 'valley-residents-council'],
    ['adjudicate-social-worker', 'sobering-budget', 'sobering-missed'],
    'Took note of the adjudication of the social-worker dispute, the withdrawn budget request and the sobering center closed as missed; prepared year two of the shared-risk agreement.');

  // Still open: voting on year two of the shared-risk agreement closes after the demo's last day.
  propose('risk-year-two', -5, UVH, {
    title: 'Renew the total-cost-of-care agreement for a second year',
    text: 'Year one shared $298,391 in savings; the partners renew on the same terms.',
    matter: 'general',
  });
  vote('risk-year-two', -4, -2, [[UVH, 'for'], ['st-brigid-medical', 'for'], ['riverside-chc', 'for'], ['granite-state-health-plan', 'abstain', 'Pending our actuaries’ review of the year-one settlement']]);

  return plan;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
