import { amsterdamToday, createTranslator, formatDate, formatDateTime, formatDay, formatTime, setLocaleForTests } from './i18n';

describe('Dutch dates and texts', () => {
  afterEach(() => setLocaleForTests('nl'));

  it('writes dates the way the copy rules ask, in Amsterdam time', () => {
    // 13:05 UTC is 14:05 in Amsterdam in winter.
    expect(formatDate('2026-03-12T13:05:00Z')).toBe('12 maart 2026');
    expect(formatTime('2026-03-12T13:05:00Z')).toBe('14.05 uur');
    expect(formatDateTime('2026-03-12T13:05:00Z')).toBe('12 maart 2026, 14.05 uur');
    // Late in the evening UTC is already the next day in Amsterdam.
    expect(formatDate('2026-07-01T23:30:00Z')).toBe('2 juli 2026');
  });

  it('shows a calendar day as that day in every time zone, with the weekday when asked', () => {
    expect(formatDay('2026-03-12')).toBe('12 maart 2026');
    expect(formatDay('2026-03-12', { weekday: true })).toBe('do 12 maart 2026');
    expect(formatDay('geen datum')).toBe('geen datum');
  });

  it('knows the Amsterdam day at a UTC evening', () => {
    expect(amsterdamToday(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02');
  });

  it('fills parameters and follows the language', () => {
    const t = createTranslator({ nl: { greet: 'Hallo {name}, nog {n} dagen' }, en: { greet: 'Hello {name}, {n} days left' } });
    expect(t('greet', { name: 'An', n: 2 })).toBe('Hallo An, nog 2 dagen');
    setLocaleForTests('en');
    expect(t('greet', { name: 'An', n: 2 })).toBe('Hello An, 2 days left');
    expect(formatTime('2026-03-12T13:05:00Z')).toBe('14:05');
  });

  it('isolates a right-to-left or overriding value, so the words after it keep their order', () => {
    const t = createTranslator({
      nl: { director: 'Regisseur: {name} ({organisation})' },
      en: { director: 'Director: {name} ({organisation})' },
    });
    expect(t('director', { name: 'Anna Jansen', organisation: 'Team Oost' })).toBe('Regisseur: Anna Jansen (Team Oost)');
    expect(t('director', { name: 'محمد العلي', organisation: 'Team Oost' })).toBe('Regisseur: \u2068محمد العلي\u2069 (Team Oost)');
    expect(t('director', { name: 'Anna \u202EJansen', organisation: 'Team Oost' })).toBe(
      'Regisseur: \u2068Anna \u202EJansen\u2069 (Team Oost)',
    );
  });
});
