import type { CaseEvent, Household, OpenedCase, PersonName, Plan } from '@ketenregie/cases-domain';
import { ERASED_TEXT, isErasedMarker, mapPersonalField } from '@ketenregie/access-contracts';
import { casesPersonalPaths, erasedValue } from './cases-personal-data';

/**
 * An event read after its family was erased carries `{ $erased: true, erasedAt }` where personal
 * data stood. Read models get typed placeholders instead, so every fold, label and response keeps
 * its shape and none can fail on an erased value.
 */
export const withErasedPlaceholders = (event: CaseEvent): CaseEvent => {
  const paths = casesPersonalPaths[event.type] ?? [];
  let data = event.data as unknown as { [key: string]: unknown };
  for (const [path, erasedAs] of paths) {
    data = mapPersonalField(data, path, (value) => (isErasedMarker(value) ? erasedValue(erasedAs) : value));
  }
  return data === (event.data as unknown) ? event : ({ ...event, data } as unknown as CaseEvent);
};

export const isErasedName = (name: PersonName | undefined): boolean =>
  name !== undefined && (name.familyName === ERASED_TEXT || name.givenNames === ERASED_TEXT);

const erasedName: PersonName = { givenNames: ERASED_TEXT, familyName: ERASED_TEXT };

const erasedHousehold = (household: Household): Household => ({
  address: { houseNumber: ERASED_TEXT, postcode: ERASED_TEXT, municipality: household.address.municipality },
  members: household.members.map((member) => ({
    memberId: member.memberId,
    role: member.role,
    name: erasedName,
    dateOfBirth: null,
  })),
});

const erasedPlan = (plan: Plan): Plan => ({
  safetyConditions: plan.safetyConditions.map((condition) => ({ ...condition, text: ERASED_TEXT })),
  parts: {
    safety: erasedPart(plan.parts.safety),
    aid: erasedPart(plan.parts.aid),
    recovery: erasedPart(plan.parts.recovery),
  },
});

type Part = Plan['parts']['safety'];

// A part never written holds the empty plan's '' and no agreements: nothing to erase, and a rebuild
// from the events leaves it just so.
const erasedPart = (part: Part): Part =>
  part.description === '' && part.agreements.length === 0
    ? part
    : { description: ERASED_TEXT, agreements: part.agreements.map((agreement) => ({ ...agreement, text: ERASED_TEXT })) };

/**
 * The case state without the family's personal data: the same state a fold of the case's events
 * yields once the family's key is gone (the erasure spec checks that the two agree).
 */
export const eraseCaseState = (state: OpenedCase): OpenedCase => ({
  ...state,
  household: erasedHousehold(state.household),
  pendingHandover: state.pendingHandover ? { ...state.pendingHandover, reason: ERASED_TEXT } : null,
  plan: erasedPlan(state.plan),
  signals: state.signals.map((signal) => ({
    ...signal,
    reason: ERASED_TEXT,
    acknowledged: signal.acknowledged ? { ...signal.acknowledged, note: ERASED_TEXT } : null,
  })),
});

/** Any stored record holding a case state; generic so the case register's module is not imported back. */
export const eraseCaseRecord = <CaseRecord extends { state: OpenedCase }>(record: CaseRecord): CaseRecord => ({
  ...record,
  state: eraseCaseState(record.state),
});
