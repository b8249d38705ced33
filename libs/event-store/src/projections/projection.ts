import type { EntityManager } from 'typeorm';
import type { Checkpoint, RecordedEvent } from '../port';

/**
 * A read model fed from the global log. `apply` receives a whole batch and must write it
 * set-based (one statement per table, e.g. `insert ... select from unnest(...) on conflict`),
 * inside the transaction the runner opened; the runner commits the checkpoint in that same
 * transaction, which is what makes each event's effect happen exactly once.
 */
export type Projection = {
  /** Stable name, e.g. `system.event-statistics`; the key of its checkpoint and lease. */
  name: string;
  /**
   * Logical table names the projection writes, e.g. `['event_type_counts']`. Queries read the
   * logical name (a view); the runner points it at the physical table of the active generation,
   * so a rebuild fills fresh tables and switches atomically.
   */
  tables: string[];
  /** DDL creating the physical tables; `physical` maps each logical name to the table to create. */
  createTables: (physical: Record<string, string>) => string[];
  /** Event types the projection reads; others are skipped without a call (checkpoint still moves). */
  eventTypes?: string[];
  apply: (events: RecordedEvent[], context: ProjectionContext) => Promise<void>;
};

export type ProjectionContext = {
  manager: EntityManager;
  /** Logical table name -> physical table of the generation being written. */
  tables: Record<string, string>;
};

export type ProjectionStatus = {
  name: string;
  checkpoint: Checkpoint | 'start';
  generation: number;
  lag: number;
  /** The process holding the projection's lease (running it), or null when none does. */
  leaseOwner: string | null;
  updatedAt: Date | null;
  /** Events of the active generation that fail on their own and were set aside (docs/adr/0010). */
  parkedEvents: number;
  /** Later events of the same streams, held back until the parked ones apply. */
  heldEvents: number;
};
