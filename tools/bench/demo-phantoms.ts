import type { Household } from '@ketenregie/cases-domain';
import { countPhantoms, householdsByIdsAndExactKeys, planDemoRegion } from '@ketenregie/demo';
import type { PhantomCount } from '@ketenregie/demo';
import { startBenchServer } from './bench-postgres-server';
import { demoScaleArgument, loadDemoRegion, log, query } from './demo-load';

// Phantom members after a year of the demo region: loads the demo region (SEED_DEMO, its later
// intakes spelling known members otherwise, see demo-spellings.ts) through the real API process into
// a fresh database, waits until every read model has it, and counts in the case register the
// members who are a recognisable respelling of another member of their household. For comparison
// it replays the same plan with the merge by member ids and exact keys alone (the rule before
// intake identified members). Usage: npm run demo:phantoms [-- --scale 0.25]

const scale = demoScaleArgument();

const line = (label: string, count: PhantomCount): string =>
  `${label.padEnd(46)} ${String(count.phantoms).padStart(6)} phantom members in ${count.householdsWithPhantoms} of ${count.households} households (${count.members} members)`;

const main = async (): Promise<void> => {
  const server = await startBenchServer(log);
  try {
    const databaseUrl = await server.createDatabase('phantoms');
    await loadDemoRegion(databaseUrl, scale, 5);

    // Now: the households as the case register holds them.
    const rows = await query<{ household: Household }>(databaseUrl, 'select household from case_summaries');
    const now = countPhantoms(rows.map((row) => row.household));

    // Before: the same plan (its settings are in the demo region's marker), merged by ids and exact keys.
    const [marker] = await query<{ data: { seed: number; scale: number; endsAt: string } }>(
      databaseUrl,
      `select data from event_store.es_events where stream_id = 'demo-region' order by stream_revision limit 1`,
    );
    const plan = planDemoRegion({ seed: marker.data.seed, scale: marker.data.scale, endsAt: new Date(marker.data.endsAt) });
    const before = countPhantoms(householdsByIdsAndExactKeys(plan));
    const { respelled, babies } = plan.stats.spellings;

    log('');
    log(
      `demo region: ${plan.cases.length} cases, ${plan.stats.reports} reports and ${plan.stats.adviceRequests} advice requests in the year`,
    );
    log(
      `later intakes wrote ${Object.values(respelled).reduce((sum, count) => sum + count, 0)} members otherwise ` +
        `(${Object.entries(respelled)
          .map(([kind, count]) => `${kind} ${count}`)
          .join(', ')}); ${babies} babies born into known families`,
    );
    log(line('case register (members identified at intake):', now));
    log(line('same intakes merged by ids and exact keys:', before));
    if (now.phantoms !== 0) process.exitCode = 1;
  } finally {
    await server.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
