import type { ReportReceived } from '../case.events';
import { referrerTermsOf } from '../case.types';
import type { Referrer } from '../case.types';
import { registerReport, teacher } from '../testing/case-fixtures';
import { given } from '../testing/case-spec';

const recordedReferrer = (referrer: Referrer): Referrer => {
  const { events } = given([])
    .when(registerReport('r1', '2026-03-02T09:00:00Z', { referrer }))
    .thenTypes(['cases.case-opened', 'cases.report-received']);
  return (events[1] as ReportReceived).data.referrer;
};

describe('referrers are parties: who reported, whether they may hear back, and whether naming them endangers them', () => {
  it('records a directory professional by their account, with consent and endangerment as given', () => {
    expect(
      recordedReferrer({
        kind: 'directory-professional',
        organisationId: ' obs-de-linge ',
        personId: 'ref-els',
        contact: {},
        feedbackConsent: { kind: 'granted', channel: 'portal' },
        namingEndangers: true,
      }),
    ).toEqual({
      kind: 'directory-professional',
      organisationId: 'obs-de-linge',
      personId: 'ref-els',
      contact: {},
      feedbackConsent: { kind: 'granted', channel: 'portal' },
      namingEndangers: true,
    });
  });

  it('records a directory professional to invite by e-mail', () => {
    expect(
      recordedReferrer({
        kind: 'directory-professional',
        organisationId: 'obs-de-linge',
        contact: { email: 'e.jansen@example.org' },
        feedbackConsent: { kind: 'granted', channel: 'email' },
        namingEndangers: false,
      }),
    ).toMatchObject({ contact: { email: 'e.jansen@example.org' }, feedbackConsent: { kind: 'granted', channel: 'email' } });
  });

  it('refuses a directory professional without account or address: nobody could tell them anything', () => {
    given([])
      .when(
        registerReport('r1', '2026-03-02T09:00:00Z', {
          referrer: {
            kind: 'directory-professional',
            organisationId: 'obs-de-linge',
            contact: { phone: '0612345678' },
            namingEndangers: false,
          },
        }),
      )
      .thenError('case.referrer-unreachable', { path: 'referrer.contact.email', category: 'validation' });
  });

  it.each<[string, Referrer, string]>([
    [
      'e-mail without an address',
      { ...teacher, contact: { phone: '0612345678' }, feedbackConsent: { kind: 'granted', channel: 'email' } },
      'email',
    ],
    ['a call without a number', { ...teacher, feedbackConsent: { kind: 'granted', channel: 'phone' } }, 'phone'],
    [
      'the portal without an account',
      { kind: 'citizen', name: 'Buurvrouw', contact: { email: 'b@example.org' }, feedbackConsent: { kind: 'granted', channel: 'portal' } },
      'portal',
    ],
  ])('refuses feedback by %s', (_label, referrer) => {
    given([])
      .when(registerReport('r1', '2026-03-02T09:00:00Z', { referrer }))
      .thenError('case.feedback-channel-unreachable', { path: 'referrer.feedbackConsent.channel', category: 'validation' });
  });

  it('records an informant, who never hears back, also on a report', () => {
    const informant = recordedReferrer({ kind: 'informant', name: ' Oom ', namingEndangers: false });
    expect(informant).toEqual({ kind: 'informant', name: 'Oom', namingEndangers: false });
    expect(referrerTermsOf(informant).feedbackConsent).toEqual({ kind: 'declined' });
  });

  it('records declined consent as declined', () => {
    expect(recordedReferrer({ ...teacher, feedbackConsent: { kind: 'declined' } })).toMatchObject({
      feedbackConsent: { kind: 'declined' },
    });
  });

  it('fills the stated defaults into an intake that did not ask (an older client): the given address, and not naming the referrer', () => {
    const { feedbackConsent: _consent, namingEndangers: _naming, ...older } = teacher;
    expect(recordedReferrer(older)).toEqual({ ...older, feedbackConsent: { kind: 'granted', channel: 'email' }, namingEndangers: true });
  });

  describe('reports stored before referrers had terms read with the stated defaults', () => {
    it.each<[string, Referrer, ReturnType<typeof referrerTermsOf>]>([
      [
        'a professional with an address hears back by e-mail',
        { kind: 'professional', name: 'E', organisation: 'O', role: 'R', contact: { email: 'e@example.org', phone: '06' } },
        { feedbackConsent: { kind: 'granted', channel: 'email' }, namingEndangers: true },
      ],
      [
        'a professional with a number only is called',
        { kind: 'professional', name: 'E', organisation: 'O', role: 'R', contact: { phone: '06' } },
        { feedbackConsent: { kind: 'granted', channel: 'phone' }, namingEndangers: true },
      ],
      [
        'a citizen without contact details hears nothing',
        { kind: 'citizen', name: 'B', contact: {} },
        { feedbackConsent: { kind: 'declined' }, namingEndangers: true },
      ],
      ['an anonymous referrer hears nothing', { kind: 'anonymous' }, { feedbackConsent: { kind: 'declined' }, namingEndangers: true }],
    ])('%s', (_label, stored, terms) => {
      expect(referrerTermsOf(stored)).toEqual(terms);
    });
  });
});
