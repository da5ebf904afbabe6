import { DeciderSpecification } from '../testing/decider-specification';
import { asOperator, asOrganization, asResolution } from '../testing/context';
import { AUDITOR, CLINIC, FOOD_BANK, GOAL, HOSPITAL, OBSERVER, OUTSIDER, STEWARD, UPPER_VALLEY, upperValley, withCharter } from '../testing/fixtures';
import { evolveAll } from '../shared/decider';
import { partnershipDecider } from '../partnership/decider';
import type { PartnershipState } from '../partnership/state';
import type { CommitmentCommand } from './commands';
import { commitmentDecider } from './decider';
import type { CommitmentEvent } from './events';

const spec = DeciderSpecification.for(commitmentDecider);
const ID = 'c-discharge-calls';
const collaborative = upperValley();
const as = (org: string) => asOrganization(org, { collaborative });
const cmd = (type: CommitmentCommand['type'], data: Record<string, unknown> = {}) => ({ type, data }) as CommitmentCommand;

// The hospital (promisor) promises the food bank (promisee).
const make = (data: Record<string, unknown> = {}) =>
  cmd('MakeCommitment', {
    id: ID,
    collaborativeId: UPPER_VALLEY,
    promisee: { organizationId: FOOD_BANK },
    title: 'Call every discharged patient within 48 hours',
    dueDate: '2025-06-30',
    ...data,
  });
const made: CommitmentEvent = {
  type: 'CommitmentMade',
  data: {
    commitmentId: ID,
    collaborativeId: UPPER_VALLEY,
    promisor: HOSPITAL,
    promisee: { organizationId: FOOD_BANK },
    title: 'Call every discharged patient within 48 hours',
    dueDate: '2025-06-30',
  },
};
const madeToCollaborative: CommitmentEvent = {
  type: 'CommitmentMade',
  data: { ...made.data, promisee: { collaborativeId: UPPER_VALLEY } } as Extract<CommitmentEvent, { type: 'CommitmentMade' }>['data'],
};
const withMeasure: CommitmentEvent = {
  type: 'CommitmentMade',
  data: { ...made.data, measure: { indicator: 'patients called', unit: '%', target: '90' } } as Extract<CommitmentEvent, { type: 'CommitmentMade' }>['data'],
};
const accepted: CommitmentEvent = { type: 'CommitmentAccepted', data: { commitmentId: ID, by: FOOD_BANK } };
const claimed: CommitmentEvent = { type: 'CommitmentDeliveryClaimed', data: { commitmentId: ID, deliveredOn: '2025-02-28' } };
const disputed: CommitmentEvent = { type: 'CommitmentDeliveryDisputed', data: { commitmentId: ID, by: FOOD_BANK, reason: 'Only half were called' } };
const revisionProposed = (revisionId: string, supersedes?: string): CommitmentEvent => ({
  type: 'CommitmentRevisionProposed',
  data: { commitmentId: ID, revisionId, dueDate: '2025-09-30', reason: 'Staffing shortage', ...(supersedes && { supersedes }) },
});
const open = [made, accepted];
// A second steward, the clinic, to act where the first one is conflicted.
const twoStewards = upperValley({ [CLINIC]: 'steward' });
const asIn = (collab: typeof collaborative, org: string) => asOrganization(org, { collaborative: collab });
const byResolution = (collab = collaborative) => asResolution(UPPER_VALLEY, 'r-1', { collaborative: collab });
// The steward promises the collaborative itself.
const stewardsOwn = (terms: Record<string, unknown> = {}): CommitmentEvent =>
  ({ type: 'CommitmentMade', data: { ...made.data, promisor: STEWARD, promisee: { collaborativeId: UPPER_VALLEY }, ...terms } }) as CommitmentEvent;
const acceptedBy = (by: string): CommitmentEvent => ({ type: 'CommitmentAccepted', data: { commitmentId: ID, by } });
const EVIDENCE = { uri: 'https://evidence.example/calls.csv', sha256: 'e'.repeat(64) };

describe('commitment: make', () => {
  it('is made by a member to another member', () => {
    spec.given([]).when(make(), as(HOSPITAL)).then([made]);
  });

  it('is made to the collaborative, linked to a goal and with a measure', () => {
    spec
      .given([])
      .when(
        make({
          promisee: { collaborativeId: UPPER_VALLEY },
          description: 'Nurses call within 48 hours',
          deliverable: 'Call log',
          measure: { indicator: 'patients called', unit: '%', target: '90' },
          goalId: GOAL,
        }),
        as(HOSPITAL),
      )
      .then([
        {
          type: 'CommitmentMade',
          data: {
            ...madeToCollaborative.data,
            description: 'Nurses call within 48 hours',
            deliverable: 'Call log',
            measure: { indicator: 'patients called', unit: '%', target: '90' },
            goalId: GOAL,
          },
        },
      ]);
  });

  it('is made by a steward too', () => {
    spec.given([]).when(make(), as(STEWARD)).thenResult((events) => expect(events[0].data).toMatchObject({ promisor: STEWARD }));
  });

  it('is not made by auditors, observers, outsiders or the operator', () => {
    spec.given([]).when(make(), as(AUDITOR)).thenThrows('read_only_role', 'forbidden');
    spec.given([]).when(make(), as(OBSERVER)).thenThrows('read_only_role', 'forbidden');
    spec.given([]).when(make(), as(OUTSIDER)).thenThrows('not_a_member', 'forbidden');
    spec.given([]).when(make(), asOperator({ collaborative })).thenThrows('operator_cannot_act', 'forbidden');
    spec.given([]).when(make(), asResolution(UPPER_VALLEY, 'r-1', { collaborative })).thenThrows('resolution_cannot_act', 'forbidden');
  });

  it('is not made to oneself, nor to an organization that cannot act in the collaborative', () => {
    spec.given([]).when(make({ promisee: { organizationId: HOSPITAL } }), as(HOSPITAL)).thenThrows('promise_to_self', 'rule');
    spec.given([]).when(make({ promisee: { organizationId: OUTSIDER } }), as(HOSPITAL)).thenThrows('promisee_not_member', 'rule');
    spec.given([]).when(make({ promisee: { organizationId: OBSERVER } }), as(HOSPITAL)).thenThrows('promisee_not_member', 'rule');
  });

  it('is made to its own collaborative only', () => {
    spec.given([]).when(make({ promisee: { collaborativeId: 'other-valley' } }), as(HOSPITAL)).thenThrows('promisee_other_collaborative', 'invalid');
  });

  it('needs a well-formed promisee, dates and measure', () => {
    spec.given([]).when(make({ promisee: { organizationId: FOOD_BANK, collaborativeId: UPPER_VALLEY } }), as(HOSPITAL)).thenThrows('invalid_counterparty', 'invalid');
    spec.given([]).when(make({ dueDate: '30/06/2025' }), as(HOSPITAL)).thenThrows('invalid_date', 'invalid');
    spec.given([]).when(make({ measure: { indicator: 'calls', unit: '%', target: 90 } }), as(HOSPITAL)).thenThrows('invalid_decimal', 'invalid');
    spec.given([]).when(make({ title: '' }), as(HOSPITAL)).thenThrows('required', 'invalid');
  });

  it('links only to an existing goal of the collaborative', () => {
    spec.given([]).when(make({ goalId: 'no-such-goal' }), as(HOSPITAL)).thenThrows('goal_not_found', 'not_found');
  });

  it('needs the collaborative to exist and the id to be new', () => {
    spec.given([]).when(make(), asOrganization(HOSPITAL, { collaborative: null })).thenThrows('collaborative_not_found', 'not_found');
    spec.given([made]).when(make(), as(HOSPITAL)).thenThrows('commitment_already_exists', 'conflict');
  });

  describe('linked to a declaration of partnership', () => {
    const declaration = (collaborativeId: string, terminated = false): PartnershipState =>
      evolveAll(partnershipDecider, [
        {
          type: 'DeclarationDrafted',
          data: { partnershipId: 'p1', collaborativeId, title: 'P', termsSha256: 'a'.repeat(64), parties: [HOSPITAL, CLINIC], effectiveFrom: '2025-01-01' },
        },
        ...(terminated ? [{ type: 'DeclarationTerminated' as const, data: { partnershipId: 'p1', terminatedBy: STEWARD, reason: 'r' } }] : []),
      ])!;

    it('records the link', () => {
      spec
        .given([])
        .when(make({ partnershipId: 'p1' }), asOrganization(HOSPITAL, { collaborative, partnership: declaration(UPPER_VALLEY) }))
        .then([{ type: 'CommitmentMade', data: { ...made.data, partnershipId: 'p1' } } as CommitmentEvent]);
    });

    it('refuses an unknown, foreign or terminated declaration', () => {
      spec.given([]).when(make({ partnershipId: 'p1' }), asOrganization(HOSPITAL, { collaborative, partnership: null })).thenThrows('partnership_not_found', 'not_found');
      spec
        .given([])
        .when(make({ partnershipId: 'p1' }), asOrganization(HOSPITAL, { collaborative, partnership: declaration('other-valley') }))
        .thenThrows('partnership_in_other_collaborative', 'rule');
      spec
        .given([])
        .when(make({ partnershipId: 'p1' }), asOrganization(HOSPITAL, { collaborative, partnership: declaration(UPPER_VALLEY, true) }))
        .thenThrows('declaration_terminated', 'rule');
    });

    it('fails loudly when the application did not load the declaration', () => {
      expect(() => commitmentDecider.decide(make({ partnershipId: 'p1' }), null, as(HOSPITAL))).toThrow(/context.partnership/);
    });
  });
});

describe('commitment: acceptance and declination', () => {
  it('the promisee organization accepts it', () => {
    spec.given([made]).when(cmd('AcceptCommitment'), as(FOOD_BANK)).then([accepted]);
  });

  it('a steward accepts it for the collaborative', () => {
    spec.given([madeToCollaborative]).when(cmd('AcceptCommitment'), as(STEWARD)).then([{ type: 'CommitmentAccepted', data: { commitmentId: ID, by: STEWARD } }]);
  });

  it('a steward that made the commitment to the collaborative does not accept it; another steward does', () => {
    spec.given([stewardsOwn()]).when(cmd('AcceptCommitment'), asIn(twoStewards, STEWARD)).thenThrows('conflict_of_interest', 'rule');
    spec.given([stewardsOwn()]).when(cmd('DeclineCommitment', { reason: 'no' }), asIn(twoStewards, STEWARD)).thenThrows('conflict_of_interest', 'rule');
    spec.given([stewardsOwn()]).when(cmd('AcceptCommitment'), asIn(twoStewards, CLINIC)).then([acceptedBy(CLINIC)]);
  });

  it('a resolution does not accept it: acceptance is no matter of the charter', () => {
    spec.given([madeToCollaborative]).when(cmd('AcceptCommitment'), byResolution()).thenThrows('steward_only', 'forbidden');
  });

  it('no one else accepts it', () => {
    spec.given([made]).when(cmd('AcceptCommitment'), as(STEWARD)).thenThrows('not_the_promisee', 'forbidden');
    spec.given([made]).when(cmd('AcceptCommitment'), as(HOSPITAL)).thenThrows('not_the_promisee', 'forbidden');
    spec.given([madeToCollaborative]).when(cmd('AcceptCommitment'), as(CLINIC)).thenThrows('steward_only', 'forbidden');
  });

  it('only a proposed commitment is accepted', () => {
    spec.given(open).when(cmd('AcceptCommitment'), as(FOOD_BANK)).thenThrows('commitment_not_proposed', 'rule');
  });

  it('the promisee declines it with a reason', () => {
    spec
      .given([made])
      .when(cmd('DeclineCommitment', { reason: 'Not a priority this year' }), as(FOOD_BANK))
      .then([{ type: 'CommitmentDeclined', data: { commitmentId: ID, by: FOOD_BANK, reason: 'Not a priority this year' } }]);
  });

  it('declining needs a reason, the promisee and a proposed commitment', () => {
    spec.given([made]).when(cmd('DeclineCommitment', { reason: ' ' }), as(FOOD_BANK)).thenThrows('required', 'invalid');
    spec.given([made]).when(cmd('DeclineCommitment', { reason: 'no' }), as(CLINIC)).thenThrows('not_the_promisee', 'forbidden');
    spec.given(open).when(cmd('DeclineCommitment', { reason: 'no' }), as(FOOD_BANK)).thenThrows('commitment_not_proposed', 'rule');
  });

  it('needs the commitment to exist', () => {
    spec.given([]).when(cmd('AcceptCommitment'), as(FOOD_BANK)).thenThrows('commitment_not_found', 'not_found');
  });
});

describe('commitment: progress', () => {
  it('the promisor reports progress with a value and evidence', () => {
    spec
      .given(open)
      .when(cmd('ReportCommitmentProgress', { note: 'Half the patients called', value: '48.5', evidence: EVIDENCE }), as(HOSPITAL))
      .then([{ type: 'CommitmentProgressReported', data: { commitmentId: ID, note: 'Half the patients called', value: '48.5', evidence: EVIDENCE } }]);
  });

  it('only the promisor reports, and only on an accepted commitment', () => {
    spec.given(open).when(cmd('ReportCommitmentProgress', { note: 'x' }), as(FOOD_BANK)).thenThrows('not_the_promisor', 'forbidden');
    spec.given([made]).when(cmd('ReportCommitmentProgress', { note: 'x' }), as(HOSPITAL)).thenThrows('commitment_not_open', 'rule');
    spec.given([...open, claimed]).when(cmd('ReportCommitmentProgress', { note: 'x' }), as(HOSPITAL)).thenThrows('commitment_not_open', 'rule');
  });

  it('refuses a float value and bad evidence', () => {
    spec.given(open).when(cmd('ReportCommitmentProgress', { note: 'x', value: 48.5 }), as(HOSPITAL)).thenThrows('invalid_decimal', 'invalid');
    spec.given(open).when(cmd('ReportCommitmentProgress', { note: 'x', evidence: { uri: EVIDENCE.uri, sha256: 'abc' } }), as(HOSPITAL)).thenThrows('invalid_sha256', 'invalid');
  });
});

describe('commitment: revisions', () => {
  const propose = (data: Record<string, unknown> = { dueDate: '2025-09-30', reason: 'Staffing shortage' }) => cmd('ProposeCommitmentRevision', data);

  it('the promisor proposes one; it gets a revisionId', () => {
    spec.given(open).when(propose(), as(HOSPITAL)).then([revisionProposed('gen-1')]);
  });

  it('a new proposal supersedes the pending one', () => {
    spec.given([...open, revisionProposed('r1')]).when(propose(), as(HOSPITAL)).then([revisionProposed('gen-1', 'r1')]);
  });

  it('changes at least something, and a target only when there is a measure', () => {
    spec.given(open).when(propose({ reason: 'just because' }), as(HOSPITAL)).thenThrows('empty_revision', 'invalid');
    spec.given(open).when(propose({ target: '80', reason: 'r' }), as(HOSPITAL)).thenThrows('no_measure', 'rule');
    spec
      .given([withMeasure, accepted])
      .when(propose({ target: '80', description: 'Fewer calls', reason: 'r' }), as(HOSPITAL))
      .then([{ type: 'CommitmentRevisionProposed', data: { commitmentId: ID, revisionId: 'gen-1', target: '80', description: 'Fewer calls', reason: 'r' } }]);
  });

  it('only the promisor proposes, and only before delivery is claimed', () => {
    spec.given(open).when(propose(), as(FOOD_BANK)).thenThrows('not_the_promisor', 'forbidden');
    spec.given([made]).when(propose(), as(HOSPITAL)).thenThrows('commitment_not_open', 'rule');
    spec.given([...open, claimed]).when(propose(), as(HOSPITAL)).thenThrows('commitment_not_open', 'rule');
  });

  it('the promisee accepts it, putting its changes in force', () => {
    spec
      .given([...open, revisionProposed('r1')])
      .when(cmd('AcceptCommitmentRevision', { revisionId: 'r1' }), as(FOOD_BANK))
      .then([{ type: 'CommitmentRevisionAccepted', data: { commitmentId: ID, revisionId: 'r1', by: FOOD_BANK, dueDate: '2025-09-30' } }]);
  });

  it('an accepted target revision changes the measure', () => {
    const proposal: CommitmentEvent = { type: 'CommitmentRevisionProposed', data: { commitmentId: ID, revisionId: 'r1', target: '80', reason: 'r' } };
    spec
      .given([withMeasure, accepted, proposal])
      .when(cmd('AcceptCommitmentRevision', { revisionId: 'r1' }), as(FOOD_BANK))
      .thenResult((_events, state) => {
        expect(state?.measure).toEqual({ indicator: 'patients called', unit: '%', target: '80' });
        expect(state?.revisions).toEqual([{ revisionId: 'r1', target: '80', reason: 'r', status: 'accepted' }]);
      });
  });

  it('refuses unknown, superseded or already accepted revisions', () => {
    const acceptedR1: CommitmentEvent = { type: 'CommitmentRevisionAccepted', data: { commitmentId: ID, revisionId: 'r1', by: FOOD_BANK, dueDate: '2025-09-30' } };
    spec.given(open).when(cmd('AcceptCommitmentRevision', { revisionId: 'r9' }), as(FOOD_BANK)).thenThrows('revision_not_found', 'not_found');
    spec.given([...open, revisionProposed('r1'), revisionProposed('r2', 'r1')]).when(cmd('AcceptCommitmentRevision', { revisionId: 'r1' }), as(FOOD_BANK)).thenThrows('revision_superseded', 'rule');
    spec.given([...open, revisionProposed('r1'), acceptedR1]).when(cmd('AcceptCommitmentRevision', { revisionId: 'r1' }), as(FOOD_BANK)).thenThrows('revision_already_accepted', 'rule');
  });

  it('a steward that is the promisor does not accept its own revision for the collaborative', () => {
    const given = [stewardsOwn(), acceptedBy(CLINIC), revisionProposed('r1')];
    spec.given(given).when(cmd('AcceptCommitmentRevision', { revisionId: 'r1' }), asIn(twoStewards, STEWARD)).thenThrows('conflict_of_interest', 'rule');
    spec
      .given(given)
      .when(cmd('AcceptCommitmentRevision', { revisionId: 'r1' }), asIn(twoStewards, CLINIC))
      .then([{ type: 'CommitmentRevisionAccepted', data: { commitmentId: ID, revisionId: 'r1', by: CLINIC, dueDate: '2025-09-30' } }]);
  });

  it('only the promisee accepts, and only before delivery is claimed', () => {
    spec.given([...open, revisionProposed('r1')]).when(cmd('AcceptCommitmentRevision', { revisionId: 'r1' }), as(HOSPITAL)).thenThrows('not_the_promisee', 'forbidden');
    spec.given([...open, revisionProposed('r1'), claimed]).when(cmd('AcceptCommitmentRevision', { revisionId: 'r1' }), as(FOOD_BANK)).thenThrows('commitment_not_open', 'rule');
  });
});

describe('commitment: delivery', () => {
  it('the promisor claims delivery', () => {
    spec
      .given(open)
      .when(cmd('ClaimCommitmentDelivery', { deliveredOn: '2025-02-28', value: '92', evidence: EVIDENCE }), as(HOSPITAL))
      .then([{ type: 'CommitmentDeliveryClaimed', data: { commitmentId: ID, deliveredOn: '2025-02-28', value: '92', evidence: EVIDENCE } }]);
  });

  it('not in the future, not by others, not before acceptance, not twice', () => {
    spec.given(open).when(cmd('ClaimCommitmentDelivery', { deliveredOn: '2025-03-02' }), as(HOSPITAL)).thenThrows('date_in_future', 'invalid');
    spec.given(open).when(cmd('ClaimCommitmentDelivery', { deliveredOn: '2025-02-28' }), as(STEWARD)).thenThrows('not_the_promisor', 'forbidden');
    spec.given([made]).when(cmd('ClaimCommitmentDelivery', { deliveredOn: '2025-02-28' }), as(HOSPITAL)).thenThrows('commitment_not_open', 'rule');
    spec.given([...open, claimed]).when(cmd('ClaimCommitmentDelivery', { deliveredOn: '2025-02-28' }), as(HOSPITAL)).thenThrows('commitment_not_open', 'rule');
  });

  it('the promisee confirms it', () => {
    spec.given([...open, claimed]).when(cmd('ConfirmCommitmentDelivery'), as(FOOD_BANK)).then([{ type: 'CommitmentDeliveryConfirmed', data: { commitmentId: ID, by: FOOD_BANK } }]);
  });

  it('a steward does not confirm its own delivery to the collaborative; another steward does', () => {
    const given = [stewardsOwn(), acceptedBy(CLINIC), claimed];
    spec.given(given).when(cmd('ConfirmCommitmentDelivery'), asIn(twoStewards, STEWARD)).thenThrows('conflict_of_interest', 'rule');
    spec.given(given).when(cmd('DisputeCommitmentDelivery', { reason: 'x' }), asIn(twoStewards, STEWARD)).thenThrows('conflict_of_interest', 'rule');
    spec.given(given).when(cmd('ConfirmCommitmentDelivery'), asIn(twoStewards, CLINIC)).then([{ type: 'CommitmentDeliveryConfirmed', data: { commitmentId: ID, by: CLINIC } }]);
  });

  it('confirmation needs the promisee and a claim', () => {
    spec.given([...open, claimed]).when(cmd('ConfirmCommitmentDelivery'), as(HOSPITAL)).thenThrows('not_the_promisee', 'forbidden');
    spec.given(open).when(cmd('ConfirmCommitmentDelivery'), as(FOOD_BANK)).thenThrows('delivery_not_claimed', 'rule');
  });

  it('the promisee disputes it', () => {
    spec.given([...open, claimed]).when(cmd('DisputeCommitmentDelivery', { reason: 'Only half were called' }), as(FOOD_BANK)).then([disputed]);
  });

  it('a dispute needs a reason, the promisee and a claim', () => {
    spec.given([...open, claimed]).when(cmd('DisputeCommitmentDelivery', {}), as(FOOD_BANK)).thenThrows('required', 'invalid');
    spec.given([...open, claimed]).when(cmd('DisputeCommitmentDelivery', { reason: 'x' }), as(STEWARD)).thenThrows('not_the_promisee', 'forbidden');
    spec.given([...open, claimed, disputed]).when(cmd('DisputeCommitmentDelivery', { reason: 'x' }), as(FOOD_BANK)).thenThrows('delivery_not_claimed', 'rule');
  });
});

describe('commitment: dispute resolution', () => {
  const resolve = (data: Record<string, unknown>) => cmd('ResolveCommitmentDispute', { rationale: 'Reviewed the call logs', ...data });

  it.each([
    [{ outcome: 'delivered' }],
    [{ outcome: 'partially_delivered', value: '51' }],
    [{ outcome: 'not_delivered' }],
  ])('a steward resolves it: %p', (data) => {
    spec
      .given([...open, claimed, disputed])
      .when(resolve(data), as(STEWARD))
      .then([{ type: 'CommitmentDisputeResolved', data: { commitmentId: ID, by: STEWARD, ...data, rationale: 'Reviewed the call logs' } } as CommitmentEvent]);
  });

  it('partially delivered states the value', () => {
    spec.given([...open, claimed, disputed]).when(resolve({ outcome: 'partially_delivered' }), as(STEWARD)).thenThrows('value_required', 'invalid');
  });

  it('a resolution of the collaborative resolves it; the event names the collaborative and the resolution', () => {
    spec
      .given([...open, claimed, disputed])
      .when(resolve({ outcome: 'partially_delivered', value: '300' }), byResolution())
      .then([
        {
          type: 'CommitmentDisputeResolved',
          data: { commitmentId: ID, by: UPPER_VALLEY, outcome: 'partially_delivered', value: '300', rationale: 'Reviewed the call logs', resolutionId: 'r-1' },
        },
      ]);
  });

  it('a resolution of another collaborative does not', () => {
    spec.given([...open, claimed, disputed]).when(resolve({ outcome: 'delivered' }), asResolution('other-valley', 'r-1', { collaborative })).thenThrows('resolution_of_other_collaborative', 'forbidden');
  });

  it('the promisor, being a steward, does not resolve a dispute over its own commitment', () => {
    const given = [stewardsOwn(), acceptedBy(CLINIC), claimed, { type: 'CommitmentDeliveryDisputed', data: { commitmentId: ID, by: CLINIC, reason: 'Half done' } } as CommitmentEvent];
    spec.given(given).when(resolve({ outcome: 'delivered' }), asIn(upperValley({ [CLINIC]: 'steward', [HOSPITAL]: 'steward' }), STEWARD)).thenThrows('conflict_of_interest', 'rule');
  });

  it('the steward that raised the dispute as promisee does not resolve it; a third steward does', () => {
    const three = upperValley({ [CLINIC]: 'steward', [FOOD_BANK]: 'steward' });
    // The food bank, promisee for itself and a steward, disputed.
    spec.given([...open, claimed, disputed]).when(resolve({ outcome: 'not_delivered' }), asIn(three, FOOD_BANK)).thenThrows('conflict_of_interest', 'rule');
    // The clinic disputed for the collaborative.
    const forTheCollaborative = [madeToCollaborative, acceptedBy(STEWARD), claimed, { type: 'CommitmentDeliveryDisputed', data: { commitmentId: ID, by: CLINIC, reason: 'Half done' } } as CommitmentEvent];
    spec.given(forTheCollaborative).when(resolve({ outcome: 'not_delivered' }), asIn(three, CLINIC)).thenThrows('conflict_of_interest', 'rule');
    spec.given(forTheCollaborative).when(resolve({ outcome: 'not_delivered' }), asIn(three, STEWARD)).thenResult((events) => expect(events[0].data).toMatchObject({ by: STEWARD, outcome: 'not_delivered' }));
  });

  it('needs a resolution where the charter gives adjudicate_dispute to a vote', () => {
    spec.given([...open, claimed, disputed]).when(resolve({ outcome: 'delivered' }), asIn(withCharter(collaborative, { adjudicate_dispute: 'stewards' }), STEWARD)).thenThrows('resolution_required', 'rule');
  });

  it('refuses an unknown outcome, a non-steward and an undisputed commitment', () => {
    spec.given([...open, claimed, disputed]).when(resolve({ outcome: 'mostly' }), as(STEWARD)).thenThrows('invalid_choice', 'invalid');
    spec.given([...open, claimed, disputed]).when(resolve({ outcome: 'delivered' }), as(FOOD_BANK)).thenThrows('steward_only', 'forbidden');
    spec.given([...open, claimed]).when(resolve({ outcome: 'delivered' }), as(STEWARD)).thenThrows('not_disputed', 'rule');
  });
});

describe('commitment: withdrawal and closure', () => {
  const withdrawn: CommitmentEvent = { type: 'CommitmentWithdrawn', data: { commitmentId: ID, reason: 'Program cancelled' } };

  it('the promisor withdraws a proposed or accepted commitment', () => {
    spec.given([made]).when(cmd('WithdrawCommitment', { reason: 'Program cancelled' }), as(HOSPITAL)).then([withdrawn]);
    spec.given(open).when(cmd('WithdrawCommitment', { reason: 'Program cancelled' }), as(HOSPITAL)).then([withdrawn]);
  });

  it('the promisor may withdraw even after leaving the collaborative', () => {
    spec.given(open).when(cmd('WithdrawCommitment', { reason: 'Program cancelled' }), asOrganization(HOSPITAL, { collaborative: upperValley({ [HOSPITAL]: null }) })).then([withdrawn]);
  });

  it('no one else withdraws it; not once delivery is claimed or it has ended', () => {
    spec.given(open).when(cmd('WithdrawCommitment', { reason: 'x' }), as(STEWARD)).thenThrows('not_the_promisor', 'forbidden');
    spec.given([...open, claimed]).when(cmd('WithdrawCommitment', { reason: 'x' }), as(HOSPITAL)).thenThrows('commitment_not_open', 'rule');
    spec.given([...open, withdrawn]).when(cmd('WithdrawCommitment', { reason: 'x' }), as(HOSPITAL)).thenThrows('commitment_not_open', 'rule');
  });

  // Due yesterday (the test clock's today is 2025-03-01): the time to deliver is over.
  const pastDue = { ...made, data: { ...made.data, dueDate: '2025-02-28' } } as CommitmentEvent;
  const close = cmd('CloseCommitmentAsMissed', { rationale: 'No activity in six months' });

  it('a steward closes an accepted commitment as missed once it is past due', () => {
    spec.given([pastDue, accepted]).when(close, as(STEWARD)).then([{ type: 'CommitmentClosedAsMissed', data: { commitmentId: ID, by: STEWARD, rationale: 'No activity in six months' } }]);
  });

  it('not before the due date in force has passed', () => {
    spec.given(open).when(close, as(STEWARD)).thenThrows('not_yet_due', 'rule');
    const dueToday = { ...made, data: { ...made.data, dueDate: '2025-03-01' } } as CommitmentEvent;
    spec.given([dueToday, accepted]).when(close, as(STEWARD)).thenThrows('not_yet_due', 'rule');
    const postponed: CommitmentEvent = { type: 'CommitmentRevisionAccepted', data: { commitmentId: ID, revisionId: 'r1', by: FOOD_BANK, dueDate: '2025-09-30' } };
    spec.given([pastDue, accepted, revisionProposed('r1'), postponed]).when(close, as(STEWARD)).thenThrows('not_yet_due', 'rule');
    spec.given(open).when(close, byResolution()).thenThrows('not_yet_due', 'rule');
  });

  it('the promisor, being a steward, does not close its own commitment as missed; another steward does', () => {
    const own = [stewardsOwn({ dueDate: '2025-02-28' }), acceptedBy(CLINIC)];
    spec.given(own).when(close, asIn(twoStewards, STEWARD)).thenThrows('conflict_of_interest', 'rule');
    spec.given(own).when(close, asIn(twoStewards, CLINIC)).thenResult((events) => expect(events[0].data).toMatchObject({ by: CLINIC }));
  });

  it('a resolution closes it, naming itself', () => {
    spec
      .given([pastDue, accepted])
      .when(close, byResolution())
      .then([{ type: 'CommitmentClosedAsMissed', data: { commitmentId: ID, by: UPPER_VALLEY, rationale: 'No activity in six months', resolutionId: 'r-1' } }]);
  });

  it('needs a resolution where the charter gives close_commitment_as_missed to a vote', () => {
    spec.given([pastDue, accepted]).when(close, asIn(withCharter(collaborative, { close_commitment_as_missed: 'members' }), STEWARD)).thenThrows('resolution_required', 'rule');
  });

  it('closure needs a steward, a rationale and an open commitment', () => {
    spec.given([pastDue, accepted]).when(cmd('CloseCommitmentAsMissed', { rationale: 'x' }), as(FOOD_BANK)).thenThrows('steward_only', 'forbidden');
    spec.given([pastDue, accepted]).when(cmd('CloseCommitmentAsMissed', { rationale: 'x' }), asOperator({ collaborative })).thenThrows('steward_only', 'forbidden');
    spec.given([pastDue, accepted]).when(cmd('CloseCommitmentAsMissed', {}), as(STEWARD)).thenThrows('required', 'invalid');
    spec.given([pastDue]).when(cmd('CloseCommitmentAsMissed', { rationale: 'x' }), as(STEWARD)).thenThrows('commitment_not_open', 'rule');
    spec.given([pastDue, accepted, claimed]).when(cmd('CloseCommitmentAsMissed', { rationale: 'x' }), as(STEWARD)).thenThrows('commitment_not_open', 'rule');
  });
});
