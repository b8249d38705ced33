import { QueryClient, QueryObserver } from '@tanstack/react-query';
import type { PortalReport } from '@ketenregie/contracts';
import { portalKeys } from '../query-keys';
import { portalSignalMutationOptions } from './portal-signals';

const report = (signalIds: string[]): PortalReport => ({
  reportId: 'r-1',
  reference: 'VT-1',
  receivedOn: '2026-03-02',
  status: 'assessing',
  statusText: 'Veilig Thuis onderzoekt de veiligheid.',
  messages: [],
  signals: signalIds.map((signalId) => ({ signalId, kind: 'aid-stalls', reason: 'r', raisedAt: '2026-03-03T10:00:00Z', seen: false })),
  canSignal: true,
});

/** The report as the page reads it: an observed query, as an open page has. */
const observedReport = async (client: QueryClient, answers: PortalReport[]) => {
  let reads = 0;
  const observer = new QueryObserver(client, {
    queryKey: portalKeys.report('r-1'),
    queryFn: () => Promise.resolve(answers[Math.min(reads++, answers.length - 1)]),
  });
  const unsubscribe = observer.subscribe(() => undefined);
  await client.fetchQuery({ queryKey: portalKeys.report('r-1') });
  return { reads: () => reads, unsubscribe };
};

const succeed = (client: QueryClient, signalId: string) =>
  (portalSignalMutationOptions(client, 'r-1').onSuccess as (answer: { signalId: string }) => Promise<void>)({ signalId });

describe('after a signal from the portal', () => {
  it('reads the report again until the new signal is on it: the portal follows the case a moment later', async () => {
    const client = new QueryClient();
    const page = await observedReport(client, [report([]), report([]), report([]), report(['s-1'])]);
    const before = page.reads();
    await succeed(client, 's-1');
    expect(client.getQueryData<PortalReport>(portalKeys.report('r-1'))?.signals.map((s) => s.signalId)).toEqual(['s-1']);
    expect(page.reads() - before).toBe(3);
    page.unsubscribe();
    client.clear();
  });

  it('reads once when the signal is there at once', async () => {
    const client = new QueryClient();
    const page = await observedReport(client, [report([]), report(['s-2'])]);
    const before = page.reads();
    await succeed(client, 's-2');
    expect(page.reads() - before).toBe(1);
    page.unsubscribe();
    client.clear();
  });
});
