import type { PortalReport } from '@ketenregie/contracts';
import { messagesNewestFirst, newestMessage, paragraphsOf, reportsNewestFirst } from './report-words';

const message = (messageId: string, sentAt: string): PortalReport['messages'][number] => ({
  messageId,
  milestone: 'report-received',
  sentAt,
  subject: `Bericht ${messageId}`,
  text: 'Tekst',
});

const report = (reference: string, receivedOn: string, messages: PortalReport['messages'] = []): PortalReport => ({
  reportId: reference,
  reference,
  receivedOn,
  status: 'received',
  statusText: 'Veilig Thuis heeft uw melding ontvangen.',
  messages,
  signals: [],
  canSignal: true,
});

describe('the words of the referrer portal', () => {
  it('keeps the line breaks of a mailed text: empty lines part paragraphs, single breaks stay lines', () => {
    expect(
      paragraphsOf('Beste melder,\r\n\r\nUw melding is ontvangen.\nKenmerk VT-1.\n\n\n  \nMet vriendelijke groet,\nVeilig Thuis\n'),
    ).toEqual([['Beste melder,'], ['Uw melding is ontvangen.', 'Kenmerk VT-1.'], ['Met vriendelijke groet,', 'Veilig Thuis']]);
    expect(paragraphsOf('')).toEqual([]);
  });

  it('keeps markup as the text it is', () => {
    expect(paragraphsOf('<b>vet</b>')).toEqual([['<b>vet</b>']]);
  });

  it('puts the newest message first and names it as the latest', () => {
    const older = message('a', '2026-03-02T09:00:00Z');
    const newer = message('b', '2026-03-09T15:30:00Z');
    expect(messagesNewestFirst([older, newer]).map((m) => m.messageId)).toEqual(['b', 'a']);
    expect(newestMessage(report('VT-1', '2026-03-01', [older, newer]))?.messageId).toBe('b');
    expect(newestMessage(report('VT-1', '2026-03-01'))).toBeUndefined();
  });

  it('lists the most recently reported first', () => {
    const list = reportsNewestFirst([report('VT-2', '2026-01-05'), report('VT-3', '2026-03-01'), report('VT-1', '2026-01-05')]);
    expect(list.map((r) => r.reference)).toEqual(['VT-3', 'VT-1', 'VT-2']);
  });

  it('puts the report with the latest news first among those of one day', () => {
    const quiet = report('VT-1', '2026-03-02', [message('a', '2026-03-02T09:00:00Z')]);
    const news = report('VT-2', '2026-03-02', [message('b', '2026-03-02T11:00:00Z')]);
    expect(reportsNewestFirst([quiet, news]).map((r) => r.reference)).toEqual(['VT-2', 'VT-1']);
  });
});
