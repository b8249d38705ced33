import type { CaseDetail, CaseText, TimelineEntry, TimelineKind } from '@ketenregie/contracts';
import { firstPossibleDay } from '@ketenregie/contracts';
import { amsterdamToday } from '@ketenregie/platform-web';
import type { CasePageMessageKey } from './i18n/nl';
import { nl } from './i18n/nl';
import { t } from './i18n/t';

/** The tabs of the case page, by the Dutch word in the URL (`?tab=tijdlijn`), so a link opens the same view. */
export const caseTabs = [
  { slug: 'overzicht', label: 'tabs.overview' },
  { slug: 'plan', label: 'tabs.plan' },
  { slug: 'tijdlijn', label: 'tabs.timeline' },
  { slug: 'termijnen', label: 'tabs.deadlines' },
  { slug: 'ketenpartners', label: 'tabs.partners' },
  { slug: 'terugkoppeling', label: 'tabs.feedback' },
] as const satisfies readonly { slug: string; label: CasePageMessageKey }[];

export type CaseTab = (typeof caseTabs)[number]['slug'];

/** An unknown or missing tab in the URL opens the overview rather than an empty page. */
export const tabFromParam = (value: string | null): CaseTab => caseTabs.find((tab) => tab.slug === value)?.slug ?? 'overzicht';

export const timelineKindLabel = (kind: TimelineKind): string => t(`kind.${kind}`);

/**
 * What a free text is, from the event that recorded it and its field ("Zorg van de melder"). An
 * agreement's index (`agreements.2.text`) does not change what it is; an event this page does not
 * know yet still gets a label by its kind, never its code.
 */
export const textLabel = (text: Pick<CaseText, 'type' | 'field' | 'kind'>): string => {
  const event = text.type.replace(/^cases\./, '').replace(/\.v\d+$/, '');
  const field = text.field.replace(/\.\d+\./g, '.');
  const key = `text.${event}.${field}`;
  return key in nl ? t(key as CasePageMessageKey) : t('text.other', { kind: timelineKindLabel(text.kind) });
};

/** Professionals and organisations the case itself names, by id: who acted, without asking the server again. */
export type KnownNames = { people: ReadonlyMap<string, string>; organisations: ReadonlyMap<string, string> };

export const knownNames = (detail: CaseDetail): KnownNames => {
  const people = new Map<string, string>();
  const organisations = new Map<string, string>();
  const add = (who: { person?: { personId: string; name: string }; organisation: { organisationId: string; name: string } } | null) => {
    if (!who) return;
    organisations.set(who.organisation.organisationId, who.organisation.name);
    if (who.person) people.set(who.person.personId, who.person.name);
  };
  for (const partner of detail.chainPartners) organisations.set(partner.organisation.organisationId, partner.organisation.name);
  for (const condition of detail.plan.safetyConditions) add(condition.owner);
  for (const part of [detail.plan.parts.safety, detail.plan.parts.aid, detail.plan.parts.recovery])
    for (const agreement of part.agreements) add(agreement.owner);
  for (const rappel of detail.rappels) add(rappel.owner);
  for (const flag of detail.recidivismFlags) add(flag.earlierDirector);
  add(detail.lastClosure?.director ?? null);
  if (detail.pendingHandover) {
    add(detail.pendingHandover.from);
    add(detail.pendingHandover.to);
  }
  // The director last: the current name wins over an older spelling elsewhere.
  add(detail.director);
  return { people, organisations };
};

/**
 * Who did it, in words: the professional's name when the case names them, otherwise "a member of
 * staff of <organisation>", never an account id (a code value); the system itself for a timer.
 */
export const actorLabel = (actor: TimelineEntry['actor'] | CaseText['actor'], names: KnownNames): string => {
  if (!actor) return t('timeline.system');
  const organisation = actor.organisationId ? names.organisations.get(actor.organisationId) : undefined;
  const person = names.people.get(actor.userId);
  const who = person
    ? organisation
      ? t('timeline.atOrganisation', { person, organisation })
      : person
    : organisation
      ? t('timeline.colleagueOf', { organisation })
      : t('timeline.unknown');
  const onBehalfOf = 'onBehalfOf' in actor ? actor.onBehalfOf : undefined;
  if (!onBehalfOf || onBehalfOf === actor.userId) return who;
  return t('timeline.onBehalfOf', { who, director: names.people.get(onBehalfOf) ?? t('timeline.unknown') });
};

/** Whether an instant falls on or before the end of `day` in Amsterdam: what the as-of view still shows. */
export const happenedBy = (instant: string, day: string): boolean => amsterdamToday(new Date(instant)) <= day;

export type AsOfCheck = { ok: true; day: string } | { ok: false; message: string };

/** The same bounds as the API's `asOf`: a real day, from 1 January 2015, not after today. */
export const checkAsOf = (value: string, today: string = amsterdamToday()): AsOfCheck => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(new Date(`${value}T00:00:00Z`).getTime())) {
    return { ok: false, message: t('asOf.required') };
  }
  if (value < firstPossibleDay) return { ok: false, message: t('asOf.tooEarly') };
  if (value > today) return { ok: false, message: t('asOf.future') };
  return { ok: true, day: value };
};
