import type { Decider, DecisionContext } from '../shared/decider';
import { RuleViolation } from '../shared/domain-error';
import { asOperator } from './context';
import { DeciderSpecification } from './decider-specification';

// A counter that refuses to go above 2, to check the helper itself fails when it should.
type Cmd = { type: 'Increment'; data: Record<string, never> };
type Evt = { type: 'Incremented'; data: { to: number } };
const counter: Decider<Cmd, Evt, number, DecisionContext> = {
  initialState: () => 0,
  decide: (_command, state) => {
    if (state >= 2) throw new RuleViolation('too_high', 'the counter stops at 2');
    return [{ type: 'Incremented', data: { to: state + 1 } }];
  },
  evolve: (_state, event) => event.data.to,
};
const increment: Cmd = { type: 'Increment', data: {} };
const spec = DeciderSpecification.for(counter);

describe('DeciderSpecification', () => {
  it('folds the given events before deciding', () => {
    spec.given([{ type: 'Incremented', data: { to: 1 } }]).when(increment, asOperator()).then([{ type: 'Incremented', data: { to: 2 } }]);
  });

  it('fails when the events differ', () => {
    expect(() => spec.given([]).when(increment, asOperator()).then([{ type: 'Incremented', data: { to: 5 } }])).toThrow();
  });

  it('checks the refusal code and kind', () => {
    const twice = [{ type: 'Incremented', data: { to: 2 } } as Evt];
    spec.given(twice).when(increment, asOperator()).thenThrows('too_high', 'rule');
    expect(() => spec.given(twice).when(increment, asOperator()).thenThrows('other_code')).toThrow();
    expect(() => spec.given(twice).when(increment, asOperator()).thenThrows('too_high', 'forbidden')).toThrow();
  });

  it('fails thenThrows when the command is accepted', () => {
    expect(() => spec.given([]).when(increment, asOperator()).thenThrows('too_high')).toThrow(/was accepted/);
  });

  it('hands the resulting state to thenResult', () => {
    spec.given([]).when(increment, asOperator()).thenResult((events, state) => {
      expect(events).toHaveLength(1);
      expect(state).toBe(1);
    });
  });
});
