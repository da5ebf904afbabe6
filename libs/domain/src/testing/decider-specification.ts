/**
 * Given / when / then for deciders (after Emmett's DeciderSpecification):
 *
 *   DeciderSpecification.for(decider).given(events).when(command, context).then(expectedEvents);
 *   DeciderSpecification.for(decider).given(events).when(command, context).thenThrows('code', 'kind');
 *
 * `then` also checks what every stored event must satisfy: it survives a JSON round trip unchanged
 * (no bigints, no undefined fields) and folds into state without throwing.
 */
import { DomainError, type DomainErrorKind } from '../shared/domain-error';
import { evolveAll, type DecisionContext, type Decider } from '../shared/decider';

export interface Expectations<E, S> {
  /** The command is accepted and emits exactly these events, in this order. */
  then(expected: E[]): void;
  /** The command is refused with a DomainError of this code (and kind, when given). */
  thenThrows(code: string, kind?: DomainErrorKind): void;
  /** The command is accepted; hands over the events and the state they lead to, for further checks. */
  thenResult(check: (events: E[], state: S) => void): void;
}

export const DeciderSpecification = {
  for<C, E, S, Context extends DecisionContext>(decider: Decider<C, E, S, Context>) {
    return {
      given(events: E[] = []) {
        return {
          when(command: C, context: Context): Expectations<E, S> {
            const state = evolveAll(decider, events);
            const decide = () => decider.decide(command, state, context);
            const accepted = (): [E[], S] => {
              const emitted = decide();
              expect(JSON.parse(JSON.stringify(emitted))).toStrictEqual(emitted);
              return [emitted, evolveAll(decider, emitted, state)];
            };
            return {
              then(expected) {
                const [emitted] = accepted();
                expect(emitted).toStrictEqual(expected);
              },
              thenThrows(code, kind) {
                let thrown: unknown = undefined;
                try {
                  decide();
                } catch (error) {
                  thrown = error;
                }
                if (!(thrown instanceof DomainError)) {
                  throw new Error(`expected a DomainError ${code}, but ${thrown === undefined ? 'the command was accepted' : `got ${String(thrown)}`}`);
                }
                expect({ code: thrown.code, ...(kind && { kind: thrown.kind }) }).toEqual({ code, ...(kind && { kind }) });
                expect(thrown.detail.length).toBeGreaterThan(0);
              },
              thenResult(check) {
                check(...accepted());
              },
            };
          },
        };
      },
    };
  },
};
