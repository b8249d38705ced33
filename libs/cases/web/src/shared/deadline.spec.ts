import { setLocaleForTests } from '@ketenregie/platform-web';
import { deadlineUrgency, deadlineWords } from './deadline';

describe('deadline words', () => {
  beforeEach(() => setLocaleForTests('nl'));

  it('counts an assessment in working days, as the server counted them, with the date', () => {
    const words = deadlineWords({ dueOn: '2026-03-12', overdue: false, workingDaysLeft: 2 }, '2026-03-10');
    expect(words).toMatchObject({ relative: 'nog 2 werkdagen', overdue: false });
    expect(words.full).toBe('nog 2 werkdagen (uiterlijk do 12 maart 2026)');
  });

  it('says "uiterlijk vandaag" on the day and names overdue working days', () => {
    expect(deadlineWords({ dueOn: '2026-03-12', overdue: false, workingDaysLeft: 0 }, '2026-03-12').relative).toBe('uiterlijk vandaag');
    expect(deadlineWords({ dueOn: '2026-03-12', overdue: true, workingDaysLeft: -3 }, '2026-03-17')).toMatchObject({
      relative: '3 werkdagen te laat',
      overdue: true,
    });
    expect(deadlineWords({ dueOn: '2026-03-12', overdue: false, workingDaysLeft: 1 }, '2026-03-11').relative).toBe('nog 1 werkdag');
  });

  it('counts a rappel in calendar days up to its last day, and overdue when the scheduler said so', () => {
    expect(deadlineWords({ dueOn: '2026-03-02', deadlineOn: '2026-03-09', overdue: false }, '2026-03-05').relative).toBe('nog 4 dagen');
    expect(deadlineWords({ dueOn: '2026-03-02', deadlineOn: '2026-03-09', overdue: false }, '2026-03-12').relative).toBe('3 dagen te laat');
    expect(deadlineWords({ dueOn: '2026-03-02', deadlineOn: '2026-03-09', overdue: true }, '2026-03-09')).toMatchObject({
      relative: '1 dag te laat',
      overdue: true,
    });
  });

  it('speaks English when the UI does', () => {
    setLocaleForTests('en');
    expect(deadlineWords({ dueOn: '2026-03-12', overdue: true, workingDaysLeft: -1 }, '2026-03-13').relative).toBe('1 working day overdue');
  });

  it('orders the most overdue first and no deadline last', () => {
    const urgencies = [
      deadlineUrgency({ dueOn: '2026-03-12', overdue: false, workingDaysLeft: 2 }, '2026-03-10'),
      deadlineUrgency(undefined),
      deadlineUrgency({ dueOn: '2026-03-01', overdue: true, workingDaysLeft: -5 }, '2026-03-10'),
    ];
    expect([...urgencies].sort((a, b) => a - b)).toEqual([urgencies[2], urgencies[0], urgencies[1]]);
  });
});
