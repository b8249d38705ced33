import type { CommandMetadata } from './metadata';

/**
 * A command as the domain sees it: an explicit wire name, its payload, and who/when in metadata.
 * Time and actor travel in metadata so that deciders never read a clock.
 */
export type Command<Type extends string = string, Data extends object = object> = {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
};

/**
 * A domain event before it is stored. `type` is the explicit wire name (never a class name) and
 * `schemaVersion` lets upcasters lift old payloads, because stored events are immutable contracts.
 * Payloads are plain JSON (dates as ISO strings) so what `decide` returns equals what a replay reads.
 */
export type DomainEvent<Type extends string = string, Data extends object = object, Version extends number = number> = {
  type: Type;
  schemaVersion: Version;
  data: Data;
};

/**
 * Emmett-style decider: `decide` validates a command against the folded state and returns the
 * events to append (or throws a `DomainError`); `evolve` folds one event into state and must never
 * throw for an event `decide` produced.
 */
export type Decider<C, E, S> = {
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initialState: () => S;
};

/** Folds a stream of events into state, starting from the decider's initial state. */
export const foldEvents = <C, E, S>(decider: Decider<C, E, S>, events: readonly E[]): S =>
  events.reduce<S>((state, event) => decider.evolve(state, event), decider.initialState());
