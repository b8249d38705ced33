import { createTestDatabase } from '@ketenregie/testing';
import type { TestDatabase } from '@ketenregie/testing';
import { describeComparison, measureInterleaved } from '@ketenregie/testing';
import type { TestAccounts } from '../test-support/accounts';
import { testAccounts } from '../test-support/accounts';
import type { RunningApiProcess } from '../test-support/api-process';
import { startApiProcess } from '../test-support/api-process';
import type { OracleScenario } from '../test-support/timing-oracles';
import { oracleScenarios } from '../test-support/timing-oracles';
import { settled } from '../test-support/settled';

// An outsider who can tell from the response time that a username or a case exists learns what
// the identical answers hide. Each scenario times the existing and the unknown variant, one
// request at a time, interleaved, and compares them by ranks (Mann–Whitney): |z| < 3. A burst of
// load from another process on a 2-core machine can push one measurement past that bound (seen
// once in a full CI run, z = -3.3, the unknown side slower); a real difference shows again in a
// second, independent measurement, so only one that does, in the same direction, fails.
const tries = 200;
const bound = 3;
const warmUp = 10;

describe('timing oracles (real HTTP, API in its own process)', () => {
  let database: TestDatabase;
  let api: RunningApiProcess;
  let accounts: TestAccounts;
  let scenarios: OracleScenario[];

  beforeAll(async () => {
    database = await createTestDatabase('timing_oracles');
    api = await startApiProcess({ DATABASE_URL: database.url, PORT: '0' });
    accounts = await testAccounts(database.url);
    scenarios = await oracleScenarios(api.url, accounts, tries + warmUp);
    // The set-up's report starts background work (its referrer's feedback is queued, mailed and
    // recorded): measure once the event log has stopped growing, so that work lands in neither group.
    await settled(api.url);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await accounts?.close();
    await database?.drop();
  });

  it.each([
    ['sign-in: an existing username is refused as fast as an unknown one', 0],
    ['case read without a relation: an existing case answers 404 as fast as an unknown id', 1],
    ['case command without a relation: an existing case answers 404 as fast as an unknown id', 2],
  ])(
    '%s',
    async (_name, index) => {
      const measure = async (scenario: OracleScenario) => {
        const comparison = await measureInterleaved(scenario.existing, scenario.unknown, tries, { warmUp });
        const report = describeComparison(scenario.title, comparison);
        process.stderr.write(`${report}\n`);
        return { comparison, report };
      };
      const first = await measure(scenarios[index]);
      if (Math.abs(first.comparison.z) < bound) return;
      // Fresh accounts and cases: each username may be tried only as often as the lockout allows.
      const second = await measure((await oracleScenarios(api.url, accounts, tries + warmUp))[index]);
      if (Math.abs(second.comparison.z) >= bound && Math.sign(second.comparison.z) === Math.sign(first.comparison.z)) {
        throw new Error(`timing tells them apart, twice:\n${first.report}\n${second.report}`);
      }
    },
    360_000,
  );
});
