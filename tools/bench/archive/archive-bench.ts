// What each part of `npm run bench:archive` gets and gives back. The orchestrator seeds one archive,
// rebuilds its read models and hands every part the same database, so all figures describe one archive.

/** The seeded archive a part measures on. */
export type ArchiveBenchContext = {
  /** The archive's database: events, family keys and (after the rebuild part) every read model. */
  databaseUrl: string;
  /** `MASTER_KEY` (hex) the family keys are wrapped with: an API started on this database needs it. */
  masterKeyHex: string;
  /** The generator's ground truth, one JSON line per case after a header line. */
  truthFile: string;
  /** Cases and events in the archive. */
  cases: number;
  events: number;
  /** The embedded server's postmaster, for CPU per operation; null on DATABASE_URL. */
  postmasterPid: number | null;
  /** Repository root (for starting the API with `startBenchApi`). */
  root: string;
  /** Progress and notes: stderr. */
  log: (line: string) => void;
};

/** One printed figure; `target` makes it a check that the report marks ok or failed. */
export type ArchiveBenchLine = {
  name: string;
  value: number;
  unit: string;
  target?: { op: '>=' | '<='; value: number };
};

/** What a part returns: its printed lines and whatever detail belongs in archive.json. */
export type ArchiveBenchPart = {
  part: string;
  lines: ArchiveBenchLine[];
  detail: unknown;
};
