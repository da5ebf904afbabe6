import { DeciderSpecification } from '../testing/decider-specification';
import { asOperator, asOrganization, asResolution } from '../testing/context';
import { AUDITOR, CLINIC, FOOD_BANK, HOSPITAL, OUTSIDER, STEWARD, UPPER_VALLEY, upperValley, withCharter } from '../testing/fixtures';
import type { PartnershipCommand } from './commands';
import { partnershipDecider } from './decider';
import type { PartnershipEvent } from './events';
import { evolveAll } from '../shared/decider';
import { unsignedParties } from './state';

const spec = DeciderSpecification.for(partnershipDecider);
const ID = 'p-2025-care-transitions';
const TERMS = 'C0FFEE'.padEnd(64, '0');
const collaborative = upperValley();
const as = (org: string) => asOrganization(org, { collaborative });

const cmd = (type: PartnershipCommand['type'], data: Record<string, unknown>) => ({ type, data }) as PartnershipCommand;
const draft = (data: Record<string, unknown> = {}) =>
  cmd('DraftDeclaration', {
    id: ID,
    collaborativeId: UPPER_VALLEY,
    title: 'Care transitions partnership',
    termsSha256: TERMS,
    parties: [HOSPITAL, CLINIC],
    effectiveFrom: '2025-04-01',
    ...data,
  });
const sign = cmd('SignDeclaration', { signatory: { name: 'Dana Ruiz', title: 'CEO' } });
const withdraw = (data: Record<string, unknown> = {}) => cmd('WithdrawFromDeclaration', { reason: 'Strategy change', effectiveOn: '2025-09-30', ...data });
const terminate = cmd('TerminateDeclaration', { reason: 'Superseded by the 2026 declaration' });

const drafted: PartnershipEvent = {
  type: 'DeclarationDrafted',
  data: {
    partnershipId: ID,
    collaborativeId: UPPER_VALLEY,
    title: 'Care transitions partnership',
    termsSha256: TERMS.toLowerCase(),
    parties: [HOSPITAL, CLINIC],
    effectiveFrom: '2025-04-01',
  },
};
const signed = (organizationId: string): PartnershipEvent => ({
  type: 'DeclarationSigned',
  data: { partnershipId: ID, organizationId, signatory: { name: 'Dana Ruiz', title: 'CEO' } },
});
const tookEffect: PartnershipEvent = { type: 'DeclarationTookEffect', data: { partnershipId: ID, effectiveFrom: '2025-04-01' } };
const inEffect = [drafted, signed(HOSPITAL), signed(CLINIC), tookEffect];
const terminated: PartnershipEvent = { type: 'DeclarationTerminated', data: { partnershipId: ID, terminatedBy: STEWARD, reason: 'Superseded by the 2026 declaration' } };

describe('partnership: draft', () => {
  it('is drafted by a party that is a member (digest stored lowercase)', () => {
    spec.given([]).when(draft(), as(HOSPITAL)).then([drafted]);
  });

  it('is drafted by a steward that is not a party, with summary and end date', () => {
    spec
      .given([])
      .when(draft({ summary: 'Shared discharge planning', effectiveUntil: '2026-03-31' }), as(STEWARD))
      .then([{ ...drafted, data: { ...drafted.data, summary: 'Shared discharge planning', effectiveUntil: '2026-03-31' } } as PartnershipEvent]);
  });

  it('is not drafted by a member that is not a party', () => {
    spec.given([]).when(draft(), as(FOOD_BANK)).thenThrows('not_a_party', 'forbidden');
  });

  it('is not drafted by an auditor, a non-member or the operator', () => {
    spec.given([]).when(draft({ parties: [AUDITOR, HOSPITAL] }), as(AUDITOR)).thenThrows('read_only_role', 'forbidden');
    spec.given([]).when(draft({ parties: [OUTSIDER, HOSPITAL] }), as(OUTSIDER)).thenThrows('not_a_member', 'forbidden');
    spec.given([]).when(draft(), asOperator({ collaborative })).thenThrows('operator_cannot_act', 'forbidden');
  });

  it('needs every party to be a current member or steward', () => {
    spec.given([]).when(draft({ parties: [HOSPITAL, OUTSIDER] }), as(HOSPITAL)).thenThrows('party_not_member', 'rule');
    spec.given([]).when(draft({ parties: [HOSPITAL, AUDITOR] }), as(HOSPITAL)).thenThrows('party_not_member', 'rule');
  });

  it('needs at least two distinct parties', () => {
    spec.given([]).when(draft({ parties: [HOSPITAL] }), as(HOSPITAL)).thenThrows('invalid_list', 'invalid');
    spec.given([]).when(draft({ parties: [HOSPITAL, HOSPITAL] }), as(HOSPITAL)).thenThrows('duplicate_party', 'invalid');
  });

  it('refuses a bad digest and an end before the start', () => {
    spec.given([]).when(draft({ termsSha256: 'not-a-digest' }), as(HOSPITAL)).thenThrows('invalid_sha256', 'invalid');
    spec.given([]).when(draft({ effectiveUntil: '2025-03-31' }), as(HOSPITAL)).thenThrows('end_before_start', 'invalid');
  });

  it('needs the collaborative to exist', () => {
    spec.given([]).when(draft(), asOrganization(HOSPITAL, { collaborative: null })).thenThrows('collaborative_not_found', 'not_found');
  });

  it('cannot reuse an id', () => {
    spec.given([drafted]).when(draft(), as(HOSPITAL)).thenThrows('partnership_already_exists', 'conflict');
  });
});

describe('partnership: signatures', () => {
  it('a party signs for itself; the declaration waits for the others', () => {
    spec.given([drafted]).when(sign, as(HOSPITAL)).then([signed(HOSPITAL)]);
  });

  it('the last signature makes it take effect', () => {
    spec.given([drafted, signed(HOSPITAL)]).when(sign, as(CLINIC)).then([signed(CLINIC), tookEffect]);
  });

  it('a party signs only once', () => {
    spec.given([drafted, signed(HOSPITAL)]).when(sign, as(HOSPITAL)).thenThrows('already_signed', 'rule');
  });

  it('only parties sign, and only while members', () => {
    spec.given([drafted]).when(sign, as(FOOD_BANK)).thenThrows('not_a_party', 'forbidden');
    spec.given([drafted]).when(sign, as(STEWARD)).thenThrows('not_a_party', 'forbidden');
    spec.given([drafted]).when(sign, asOrganization(HOSPITAL, { collaborative: upperValley({ [HOSPITAL]: null }) })).thenThrows('not_a_member', 'forbidden');
  });

  it('cannot sign a terminated declaration', () => {
    spec.given([drafted, terminated]).when(sign, as(HOSPITAL)).thenThrows('declaration_terminated', 'rule');
  });

  it('needs a signatory name and title', () => {
    spec.given([drafted]).when(cmd('SignDeclaration', { signatory: { name: 'Dana Ruiz' } }), as(HOSPITAL)).thenThrows('required', 'invalid');
  });

  it('needs the declaration to exist', () => {
    spec.given([]).when(sign, as(HOSPITAL)).thenThrows('partnership_not_found', 'not_found');
  });

  it('state lists who has yet to sign', () => {
    expect(unsignedParties(evolveAll(partnershipDecider, [drafted, signed(CLINIC)])!)).toEqual([HOSPITAL]);
    expect(evolveAll(partnershipDecider, inEffect)!.status).toBe('in_effect');
  });
});

describe('partnership: withdrawal', () => {
  const withdrew: PartnershipEvent = {
    type: 'PartyWithdrewFromDeclaration',
    data: { partnershipId: ID, organizationId: CLINIC, reason: 'Strategy change', effectiveOn: '2025-09-30' },
  };

  it('a party withdraws for itself from a declaration in effect', () => {
    spec.given(inEffect).when(withdraw(), as(CLINIC)).then([withdrew]);
  });

  it('a party may withdraw even after leaving the collaborative', () => {
    spec.given(inEffect).when(withdraw(), asOrganization(CLINIC, { collaborative: upperValley({ [CLINIC]: null }) })).then([withdrew]);
  });

  it('no one withdraws for another party', () => {
    spec.given(inEffect).when(withdraw(), as(STEWARD)).thenThrows('not_a_party', 'forbidden');
    spec.given(inEffect).when(withdraw(), asOperator({ collaborative })).thenThrows('not_a_party', 'forbidden');
  });

  it('only from a declaration in effect, once, and not before it is effective', () => {
    spec.given([drafted, signed(HOSPITAL)]).when(withdraw(), as(HOSPITAL)).thenThrows('declaration_not_in_effect', 'rule');
    spec.given([...inEffect, withdrew]).when(withdraw(), as(CLINIC)).thenThrows('already_withdrawn', 'rule');
    spec.given(inEffect).when(withdraw({ effectiveOn: '2025-03-01' }), as(CLINIC)).thenThrows('withdrawal_before_effective_from', 'rule');
    spec.given([...inEffect, terminated]).when(withdraw(), as(CLINIC)).thenThrows('declaration_terminated', 'rule');
  });

  it('needs a reason and a date', () => {
    spec.given(inEffect).when(withdraw({ reason: '' }), as(CLINIC)).thenThrows('required', 'invalid');
    spec.given(inEffect).when(withdraw({ effectiveOn: 'soon' }), as(CLINIC)).thenThrows('invalid_date', 'invalid');
  });
});

describe('partnership: termination', () => {
  const byResolution = asResolution(UPPER_VALLEY, 'r-1', { collaborative });
  const terminatedByResolution: PartnershipEvent = {
    type: 'DeclarationTerminated',
    data: { partnershipId: ID, terminatedBy: UPPER_VALLEY, reason: 'Superseded by the 2026 declaration', resolutionId: 'r-1' },
  };
  // A charter that lets one steward terminate declarations.
  const oneSteward = withCharter(collaborative, { terminate_declaration: 'steward' });

  it('a resolution of the collaborative terminates it, in effect or not', () => {
    spec.given(inEffect).when(terminate, byResolution).then([terminatedByResolution]);
    spec.given([drafted]).when(terminate, byResolution).thenResult((_events, state) => {
      expect(state?.status).toBe('terminated');
      expect(state?.termination).toEqual({ terminatedBy: UPPER_VALLEY, reason: 'Superseded by the 2026 declaration', resolutionId: 'r-1' });
    });
  });

  it('one steward alone needs a resolution under the default charter', () => {
    spec.given(inEffect).when(terminate, as(STEWARD)).thenThrows('resolution_required', 'rule');
  });

  it('one steward terminates it where the charter says so', () => {
    spec.given(inEffect).when(terminate, asOrganization(STEWARD, { collaborative: oneSteward })).then([terminated]);
    spec.given([drafted]).when(terminate, asOrganization(STEWARD, { collaborative: oneSteward })).then([terminated]);
  });

  it('a steward that is a party does not terminate it alone', () => {
    const hospitalSteward = withCharter(upperValley({ [HOSPITAL]: 'steward' }), { terminate_declaration: 'steward' });
    spec.given(inEffect).when(terminate, asOrganization(HOSPITAL, { collaborative: hospitalSteward })).thenThrows('conflict_of_interest', 'rule');
  });

  it('a party that is not a steward cannot, nor the operator, nor a resolution of another collaborative', () => {
    spec.given(inEffect).when(terminate, as(HOSPITAL)).thenThrows('steward_only', 'forbidden');
    spec.given(inEffect).when(terminate, asOperator({ collaborative })).thenThrows('steward_only', 'forbidden');
    spec.given(inEffect).when(terminate, asResolution('other-valley', 'r-1', { collaborative })).thenThrows('resolution_of_other_collaborative', 'forbidden');
  });

  it('only once', () => {
    spec.given([...inEffect, terminated]).when(terminate, byResolution).thenThrows('declaration_terminated', 'rule');
  });

  it('needs a reason', () => {
    spec.given(inEffect).when(cmd('TerminateDeclaration', {}), byResolution).thenThrows('required', 'invalid');
  });
});
