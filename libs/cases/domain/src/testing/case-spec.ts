import { DomainError, foldEvents } from '@ketenregie/kernel';
import type { CaseCommand } from '../case.commands';
import type { CaseDecider } from '../case.decider';
import { caseDecider } from '../case.decider';
import type { CaseEvent } from '../case.events';
import type { CaseState } from '../case.state';

/** Events produced by deciding commands in order from an empty case: a readable, always-valid history. */
export const history = (commands: readonly CaseCommand[], decider: CaseDecider = caseDecider): CaseEvent[] => {
  const events: CaseEvent[] = [];
  let state = decider.initialState();
  for (const next of commands) {
    const produced = decider.decide(next, state);
    state = produced.reduce(decider.evolve, state);
    events.push(...produced);
  }
  return events;
};

export const stateAfter = (events: readonly CaseEvent[], decider: CaseDecider = caseDecider): CaseState => foldEvents(decider, events);

/** given(events) / when(command) / then(events | error), Emmett's DeciderSpecification shape. */
export const given = (events: readonly CaseEvent[], decider: CaseDecider = caseDecider) => ({
  when: (command: CaseCommand) => {
    const state = stateAfter(events, decider);
    const decide = () => decider.decide(command, state);
    return {
      /** Asserts the exact events, and that they apply to the state (evolve accepts them). */
      then: (expected: CaseEvent[]): CaseState => {
        const actual = decide();
        expect(actual).toEqual(expected);
        return actual.reduce(decider.evolve, state);
      },
      /** Asserts the produced events' types and returns the events and the resulting state. */
      thenTypes: (types: CaseEvent['type'][]): { events: CaseEvent[]; state: CaseState } => {
        const actual = decide();
        expect(actual.map((event) => event.type)).toEqual(types);
        return { events: actual, state: actual.reduce(decider.evolve, state) };
      },
      thenNothing: (): void => {
        expect(decide()).toEqual([]);
      },
      thenError: (code: string, expected: { path?: string; category?: DomainError['category'] } = {}): DomainError => {
        let caught: unknown;
        try {
          decide();
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(DomainError);
        const error = caught as DomainError;
        expect(error.code).toBe(code);
        if (expected.path !== undefined) expect(error.path).toBe(expected.path);
        if (expected.category !== undefined) expect(error.category).toBe(expected.category);
        expect(error.message).not.toBe('');
        return error;
      },
    };
  },
});
