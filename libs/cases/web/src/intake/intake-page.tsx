import type { FamilySearchQuery } from '@ketenregie/contracts';
import { dutchErrorMap, municipalityKey, registerAdviceRequestBodySchema, registerReportBodySchema } from '@ketenregie/contracts';
import {
  ApiError,
  applyProblemToForm,
  lastCheckpoint,
  rememberCheckpoint,
  useIdempotencyKey,
  usePageTitle,
  useSignedInUser,
} from '@ketenregie/platform-web';
import type { ErrorSummaryItem } from '@ketenregie/ui';
import {
  Alert,
  Button,
  Checkbox,
  ErrorSummary,
  Field,
  Heading1,
  Heading2,
  Heading3,
  Paragraph,
  PrimaryActionButton,
  RadioButton,
  SecondaryActionButton,
  Select,
  SelectOption,
  Textarea,
  Textbox,
  useAnnounce,
} from '@ketenregie/ui';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FieldErrors, Resolver } from 'react-hook-form';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router-dom';
import { classificationLabel } from '../shared/labels';
import { caseKeys } from '../shared/query-keys';
import { Choice, ChoiceGroup } from './choice-group';
import { fieldId, labelFor } from './field-paths';
import { t } from './i18n/t';
import type { Candidate, FamilyLink, IntakeFormValues, ReceivedBy } from './intake-form';
import {
  defaultIntakeValues,
  emptyMember,
  expectedClassification,
  familySearches,
  intakeBody,
  mergeCandidates,
  receiptMaxAgeDays,
  receivedAtProblem,
  receivedByOf,
  toAmsterdamLocal,
} from './intake-form';
import { KnownFamily } from './known-family';
import { familySearchQueryOptions, municipalitiesQueryOptions, ownOrganisationQueryOptions, registerIntake } from './queries';

const sourceCategories = ['education-childcare', 'police', 'gp-health', 'youth-health-care', 'housing', 'citizen', 'other'] as const;
const formsOfViolence = ['child-abuse', 'partner-violence', 'elder-abuse', 'complex-divorce', 'honour-related', 'sexual-violence'] as const;

/** Waits until the value has stood still this long, so a search runs on what was typed, not on every key. */
const useDebounced = <T,>(value: T, delayMs: number): T => {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
    // The serialised value is the dependency: a new object with the same content must not restart the wait.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, delayMs]);
  return settled;
};

/** Every error in the form, each with the path of its field (a list's own error under `root` at the list). */
const flattenErrors = (errors: object, prefix = ''): Array<{ path: string; message: string }> =>
  Object.entries(errors).flatMap(([key, value]: [string, unknown]) => {
    if (!value || typeof value !== 'object' || key === 'ref') return [];
    const path = key === 'root' ? prefix : prefix ? `${prefix}.${key}` : key;
    const message = (value as { message?: unknown }).message;
    const own = typeof message === 'string' && path !== '' ? [{ path, message }] : [];
    const children = Object.entries(value).filter(([child]) => !['message', 'type', 'ref', 'types'].includes(child));
    return [...own, ...flattenErrors(Object.fromEntries(children), path)];
  });

// A rule about a group of fields lands on the group's first field: "e-mail or phone" on the e-mail field.
const fieldAliases: Record<string, string> = { 'referrer.contact': 'referrer.contact.email' };
const fieldOf = (path: string): string => fieldAliases[path] ?? path;

/** Summary items in the order the fields stand on the page, each linked to its field when it has one. */
const summaryItems = (errors: ReadonlyArray<{ path: string; message: string }>): ErrorSummaryItem[] =>
  errors
    .map(({ path, message }) => {
      const element = typeof document === 'undefined' ? null : document.getElementById(fieldId(path));
      const label = labelFor(path);
      return { element, item: { message: label ? `${label}: ${message}` : message, ...(element ? { fieldId: fieldId(path) } : {}) } };
    })
    .sort((a, b) => {
      if (!a.element || !b.element) return a.element ? -1 : b.element ? 1 : 0;
      return a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    })
    .map(({ item }) => item);

type Outcome = { kind: 'known-elsewhere' } | { kind: 'matched'; caseIds: string[] } | { kind: 'alert'; message: string };

const outcomeOf = (error: unknown): Outcome => {
  if (!(error instanceof ApiError)) return { kind: 'alert', message: t('networkError') };
  const type = error.problem?.type ?? '';
  if (type === 'urn:ketenregie:problem:case.family-known-elsewhere') return { kind: 'known-elsewhere' };
  if (type === 'urn:ketenregie:problem:case.family-already-known') {
    const ids = error.problem?.matchedCaseIds ?? (error.problem?.matchedCaseId ? [error.problem.matchedCaseId] : []);
    return { kind: 'matched', caseIds: ids };
  }
  if (error.status >= 500) return { kind: 'alert', message: t('serverError', { code: error.status }) };
  return { kind: 'alert', message: error.problem?.detail ?? t('serverError', { code: error.status }) };
};

const IntakeForm = ({ receivedBy }: { receivedBy: ReceivedBy }) => {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  const idempotency = useIdempotencyKey();
  const [link, setLink] = useState<FamilyLink>({ kind: 'new' });
  const linkRef = useRef(link);
  linkRef.current = link;
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [defaults] = useState(() => defaultIntakeValues(new Date()));

  // The body's own schema validates the form (the same Dutch the API answers), plus the window
  // the domain allows for the moment of receipt, so that error shows before sending too.
  const resolver = useCallback<Resolver<IntakeFormValues>>(
    async (values, context, options) => {
      const body = intakeBody(values, linkRef.current, receivedBy);
      const schema = values.kind === 'report' ? registerReportBodySchema : registerAdviceRequestBodySchema;
      const parsed = await zodResolver(schema, { error: dutchErrorMap })(body as never, context, options as never);
      const errors = { ...(parsed.errors as FieldErrors<IntakeFormValues>) };
      const receipt = receivedAtProblem(values.receivedAt, new Date());
      if (receipt) {
        const message =
          receipt === 'required'
            ? t('receivedAtRequired')
            : receipt === 'in-future'
              ? t('receivedAtInFuture')
              : t('receivedAtTooOld', { days: receiptMaxAgeDays });
        errors.receivedAt = { type: 'receipt', message };
      }
      return Object.keys(errors).length > 0 ? { values: {}, errors } : { values, errors: {} };
    },
    [receivedBy],
  );

  const form = useForm<IntakeFormValues>({
    defaultValues: defaults,
    resolver,
    mode: 'onBlur',
    reValidateMode: 'onBlur',
    shouldFocusError: false,
  });
  const { register, control, formState } = form;
  const { errors } = formState;
  const members = useFieldArray({ control, name: 'household.members' });
  const kind = useWatch({ control, name: 'kind' });
  const referrerKind = useWatch({ control, name: 'referrer.kind' });
  const household = useWatch({ control, name: 'household' });
  const receivedAt = useWatch({ control, name: 'receivedAt' });
  const municipalities = useQuery(municipalitiesQueryOptions());
  const knownMunicipalities = useMemo(
    () => new Set((municipalities.data?.municipalities ?? []).map((municipality) => municipalityKey(municipality.name))),
    [municipalities.data],
  );
  const typedMunicipality = household?.address?.municipality ?? '';
  // A warning, not an error: a family may live outside the region. But a misspelt municipality
  // finds no Veilig Thuis region and no local team to hand the case to, and counts apart in the monitor.
  // Said once the field is left, not at every letter typed on the way to a known name.
  const unknownMunicipality =
    formState.touchedFields.household?.address?.municipality === true &&
    knownMunicipalities.size > 0 &&
    typedMunicipality.trim() !== '' &&
    !knownMunicipalities.has(municipalityKey(typedMunicipality));

  const searches = useDebounced<FamilySearchQuery[]>(
    useMemo(() => familySearches({ household, receivedAt }), [household, receivedAt]),
    400,
  );
  const search = useQueries({
    // After this tab registered an intake, the search waits for it: a second report right after the first finds the family.
    queries: searches.map((body) => {
      const after = lastCheckpoint();
      return familySearchQueryOptions(after ? { ...body, after } : body);
    }),
    combine: (results) => ({
      candidates: mergeCandidates(results.flatMap((result) => (result.data ? [result.data] : []))),
      searching: results.some((result) => result.isFetching),
      failed: results.some((result) => result.isError),
    }),
  });
  const candidates: Candidate[] = search.candidates;
  const exactIds = candidates.filter((candidate) => candidate.exact).map((candidate) => candidate.caseId);
  const matchedIds = outcome?.kind === 'matched' ? outcome.caseIds : [];
  const classification = expectedClassification(link, candidates);
  const linkedCandidate = link.kind === 'case' ? candidates.find((candidate) => candidate.caseId === link.caseId) : undefined;

  const mutation = useMutation({
    mutationFn: (values: IntakeFormValues) =>
      registerIntake(values.kind, intakeBody(values, linkRef.current, receivedBy), idempotency.key()),
    onSuccess: async (result) => {
      rememberCheckpoint(result.checkpoint);
      idempotency.renew();
      await queryClient.invalidateQueries({ queryKey: caseKeys.all });
      announce(t('saved'));
      navigate(`/casussen/${encodeURIComponent(result.caseId)}`);
    },
    onError: (error) => {
      // Field errors land on their fields and in the summary; everything typed stays.
      if (error instanceof ApiError && error.status !== 409 && error.fieldErrors.length > 0) {
        applyProblemToForm(error, form.setError, (path) => document.getElementById(fieldId(fieldOf(path))) !== null);
        setOutcome(null);
        setSummary(summaryItems(error.fieldErrors.map(({ path, message }) => ({ path: fieldOf(path), message }))));
        return;
      }
      setSummary([]);
      const next = outcomeOf(error);
      if (next.kind === 'matched') void queryClient.invalidateQueries({ queryKey: [...caseKeys.all, 'family-search'] });
      setOutcome(next);
    },
  });

  const onSubmit = form.handleSubmit(
    (values) => {
      const pendingExact = [...new Set([...exactIds, ...matchedIds])];
      if (pendingExact.length > 0 && link.kind === 'new') {
        setSummary([{ message: t('chooseExact'), fieldId: `intake-exact-link-${pendingExact[0]}` }]);
        return;
      }
      setSummary([]);
      setOutcome(null);
      mutation.mutate(values);
    },
    (invalid) => setSummary(summaryItems(flattenErrors(invalid))),
  );

  const chooseLink = (caseId: string) => {
    setLink({ kind: 'case', caseId });
    setOutcome(null);
    setSummary([]);
  };
  const chooseSeparate = (caseIds: string[]) => {
    setLink({ kind: 'separate', caseIds });
    setSummary([]);
    // The reason field appears now; it gets focus so the choice and its reason stay one step.
    setTimeout(() => document.getElementById(fieldId('separateFrom.reason'))?.focus(), 0);
  };

  const err = (path: string): string | undefined => {
    const found = flattenErrors(errors).find((item) => item.path === path);
    return found?.message;
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-labelledby="intake-title" className="ketenregie-intake">
      <ErrorSummary items={summary} title={t('errorSummary')} />

      <ChoiceGroup id={fieldId('kind')} legend={t('kind')} error={err('kind')}>
        {(['report', 'advice'] as const).map((value, index) => (
          <Choice key={value} id={index === 0 ? fieldId('kind') : `${fieldId('kind')}-${value}`} label={t(`kind.${value}`)}>
            <RadioButton id={index === 0 ? fieldId('kind') : `${fieldId('kind')}-${value}`} value={value} {...register('kind')} />
          </Choice>
        ))}
      </ChoiceGroup>

      <Field id={fieldId('receivedAt')} label={t('receivedAt')} description={t('receivedAtHint')} error={err('receivedAt')}>
        {(controlProps) => (
          <Textbox
            {...controlProps}
            type="datetime-local"
            max={toAmsterdamLocal(new Date())}
            min={toAmsterdamLocal(new Date(Date.now() - receiptMaxAgeDays * 86_400_000))}
            {...register('receivedAt')}
          />
        )}
      </Field>

      <Field id={fieldId('sourceCategory')} label={t('source')} error={err('sourceCategory')}>
        {(controlProps) => (
          <Select {...controlProps} {...register('sourceCategory')}>
            <SelectOption value="">{t('source.choose')}</SelectOption>
            {sourceCategories.map((value) => (
              <SelectOption key={value} value={value}>
                {t(`source.${value}`)}
              </SelectOption>
            ))}
          </Select>
        )}
      </Field>

      <ChoiceGroup id={fieldId('formsOfViolence')} legend={t('forms')} hint={t('formsHint')} error={err('formsOfViolence')}>
        {formsOfViolence.map((value, index) => {
          const id = index === 0 ? fieldId('formsOfViolence') : `${fieldId('formsOfViolence')}-${value}`;
          return (
            <Choice key={value} id={id} label={t(`form.${value}`)}>
              <Checkbox id={id} value={value} {...register('formsOfViolence')} />
            </Choice>
          );
        })}
      </ChoiceGroup>

      <section aria-labelledby="intake-referrer-heading">
        <Heading2 id="intake-referrer-heading">{t('referrer')}</Heading2>
        <ChoiceGroup id={fieldId('referrer.kind')} legend={t('referrerKind')} error={err('referrer.kind')}>
          {(['professional', 'citizen', 'informant', 'anonymous'] as const).map((value, index) => {
            const id = index === 0 ? fieldId('referrer.kind') : `${fieldId('referrer.kind')}-${value}`;
            return (
              <Choice key={value} id={id} label={t(`referrer.${value}`)}>
                <RadioButton id={id} value={value} {...register('referrer.kind')} />
              </Choice>
            );
          })}
        </ChoiceGroup>
        {referrerKind !== 'anonymous' ? (
          <Field
            id={fieldId('referrer.name')}
            label={t('referrerName')}
            optional={referrerKind === 'informant'}
            error={err('referrer.name')}
          >
            {(controlProps) => <Textbox {...controlProps} autoComplete="off" {...register('referrer.name')} />}
          </Field>
        ) : null}
        {referrerKind === 'professional' ? (
          <>
            <Field id={fieldId('referrer.organisation')} label={t('referrerOrganisation')} error={err('referrer.organisation')}>
              {(controlProps) => <Textbox {...controlProps} autoComplete="off" {...register('referrer.organisation')} />}
            </Field>
            <Field id={fieldId('referrer.role')} label={t('referrerRole')} error={err('referrer.role')}>
              {(controlProps) => <Textbox {...controlProps} autoComplete="off" {...register('referrer.role')} />}
            </Field>
          </>
        ) : null}
        {referrerKind === 'citizen' || referrerKind === 'informant' ? (
          <Field id={fieldId('referrer.relationToFamily')} label={t('referrerRelation')} optional error={err('referrer.relationToFamily')}>
            {(controlProps) => <Textbox {...controlProps} autoComplete="off" {...register('referrer.relationToFamily')} />}
          </Field>
        ) : null}
        {referrerKind === 'professional' || referrerKind === 'citizen' ? (
          <>
            <Field
              id={fieldId('referrer.contact.email')}
              label={t('referrerEmail')}
              optional
              description={referrerKind === 'professional' ? t('referrerContactHint') : undefined}
              error={err('referrer.contact.email') ?? err('referrer.contact')}
            >
              {(controlProps) => <Textbox {...controlProps} type="email" autoComplete="off" {...register('referrer.contact.email')} />}
            </Field>
            <Field id={fieldId('referrer.contact.phone')} label={t('referrerPhone')} optional error={err('referrer.contact.phone')}>
              {(controlProps) => <Textbox {...controlProps} type="tel" autoComplete="off" {...register('referrer.contact.phone')} />}
            </Field>
            <Field
              id={fieldId('referrer.feedbackConsent.channel')}
              label={t('referrerFeedback')}
              description={t('referrerFeedbackHint')}
              error={err('referrer.feedbackConsent.channel') ?? err('referrer.feedbackConsent')}
            >
              {(controlProps) => (
                <Select {...controlProps} {...register('referrer.feedback')}>
                  {(['', 'email', 'phone', 'declined'] as const).map((value) => (
                    <SelectOption key={value} value={value}>
                      {t(`referrerFeedback.${value || 'asContact'}`)}
                    </SelectOption>
                  ))}
                </Select>
              )}
            </Field>
          </>
        ) : null}
        {referrerKind !== 'anonymous' ? (
          <Choice id={fieldId('referrer.namingEndangers')} label={t('referrerNamingEndangers')}>
            <Checkbox id={fieldId('referrer.namingEndangers')} {...register('referrer.namingEndangers')} />
          </Choice>
        ) : null}
      </section>

      <Field id={fieldId('concern')} label={t('concern')} description={t('concernHint')} error={err('concern')}>
        {(controlProps) => <Textarea {...controlProps} rows={5} {...register('concern')} />}
      </Field>

      <section aria-labelledby="intake-household-heading">
        <Heading2 id="intake-household-heading">{t('household')}</Heading2>
        {err('household.members') ? (
          <Paragraph id={fieldId('household.members')} className="utrecht-form-field-error-message" tabIndex={-1}>
            {err('household.members')}
          </Paragraph>
        ) : null}
        <Heading3>{t('address')}</Heading3>
        <div className="ketenregie-field-row">
          <Field id={fieldId('household.address.postcode')} label={t('postcode')} error={err('household.address.postcode')}>
            {(controlProps) => <Textbox {...controlProps} autoComplete="off" {...register('household.address.postcode')} />}
          </Field>
          <Field id={fieldId('household.address.houseNumber')} label={t('houseNumber')} error={err('household.address.houseNumber')}>
            {(controlProps) => (
              <Textbox {...controlProps} autoComplete="off" inputMode="numeric" {...register('household.address.houseNumber')} />
            )}
          </Field>
          <Field
            id={fieldId('household.address.houseNumberAddition')}
            label={t('houseNumberAddition')}
            optional
            error={err('household.address.houseNumberAddition')}
          >
            {(controlProps) => <Textbox {...controlProps} autoComplete="off" {...register('household.address.houseNumberAddition')} />}
          </Field>
        </div>
        <Field id={fieldId('household.address.street')} label={t('street')} optional error={err('household.address.street')}>
          {(controlProps) => <Textbox {...controlProps} autoComplete="off" {...register('household.address.street')} />}
        </Field>
        <Field id={fieldId('household.address.city')} label={t('city')} optional error={err('household.address.city')}>
          {(controlProps) => <Textbox {...controlProps} autoComplete="off" {...register('household.address.city')} />}
        </Field>
        <Field
          id={fieldId('household.address.municipality')}
          label={t('municipality')}
          description={unknownMunicipality ? t('municipalityUnknown') : undefined}
          error={err('household.address.municipality')}
        >
          {(controlProps) => (
            <Textbox {...controlProps} autoComplete="off" list="intake-municipalities" {...register('household.address.municipality')} />
          )}
        </Field>
        <datalist id="intake-municipalities">
          {(municipalities.data?.municipalities ?? []).map((municipality) => (
            <option key={municipality.name} value={municipality.name} />
          ))}
        </datalist>

        {members.fields.map((member, index) => {
          const base = `household.members.${index}`;
          const number = index + 1;
          return (
            <fieldset
              key={member.id}
              id={`intake-member-${index}`}
              tabIndex={-1}
              className="ketenregie-member"
              aria-labelledby={`intake-member-${index}-legend`}
            >
              <legend id={`intake-member-${index}-legend`} className="ketenregie-member__legend">
                {t('member', { number })}
              </legend>
              <ChoiceGroup id={fieldId(`${base}.role`)} legend={t('role')} error={err(`${base}.role`)}>
                {(['adult', 'child'] as const).map((value, choiceIndex) => {
                  const id = choiceIndex === 0 ? fieldId(`${base}.role`) : `${fieldId(`${base}.role`)}-${value}`;
                  return (
                    <Choice key={value} id={id} label={t(`role.${value}`)}>
                      <RadioButton id={id} value={value} {...register(`household.members.${index}.role`)} />
                    </Choice>
                  );
                })}
              </ChoiceGroup>
              <Field id={fieldId(`${base}.name.givenNames`)} label={t('givenNames')} error={err(`${base}.name.givenNames`)}>
                {(controlProps) => (
                  <Textbox {...controlProps} autoComplete="off" {...register(`household.members.${index}.name.givenNames`)} />
                )}
              </Field>
              <Field id={fieldId(`${base}.name.prefix`)} label={t('prefix')} optional error={err(`${base}.name.prefix`)}>
                {(controlProps) => <Textbox {...controlProps} autoComplete="off" {...register(`household.members.${index}.name.prefix`)} />}
              </Field>
              <Field id={fieldId(`${base}.name.familyName`)} label={t('familyName')} error={err(`${base}.name.familyName`)}>
                {(controlProps) => (
                  <Textbox {...controlProps} autoComplete="off" {...register(`household.members.${index}.name.familyName`)} />
                )}
              </Field>
              <Field id={fieldId(`${base}.dateOfBirth`)} label={t('dateOfBirth')} optional error={err(`${base}.dateOfBirth`)}>
                {(controlProps) => <Textbox {...controlProps} type="date" {...register(`household.members.${index}.dateOfBirth`)} />}
              </Field>
              {members.fields.length > 1 ? (
                <Button appearance="subtle-button" type="button" onClick={() => members.remove(index)}>
                  {t('removeMember', { number })}
                </Button>
              ) : null}
            </fieldset>
          );
        })}
        <SecondaryActionButton
          type="button"
          onClick={() => {
            // Focus goes to the new member as a whole, not into its role: leaving an unanswered
            // radio would show its error before the user had a chance to choose.
            const index = members.fields.length;
            members.append(emptyMember(), { shouldFocus: false });
            setTimeout(() => document.getElementById(`intake-member-${index}`)?.focus(), 0);
          }}
        >
          {t('addMember')}
        </SecondaryActionButton>
      </section>

      <KnownFamily
        candidates={candidates}
        searching={search.searching}
        failed={search.failed}
        asked={searches.length > 0}
        link={link}
        onLink={(candidate) => chooseLink(candidate.caseId)}
        onUnlink={() => setLink({ kind: 'new' })}
        onSeparate={chooseSeparate}
      />

      {outcome?.kind === 'matched' && link.kind === 'new' ? (
        <Alert type="warning">
          <Paragraph>{t('exactChoice')}</Paragraph>
          <div className="ketenregie-button-row">
            <SecondaryActionButton
              type="button"
              id={`intake-exact-link-${matchedIds[0] ?? ''}`}
              onClick={() => matchedIds[0] && chooseLink(matchedIds[0])}
            >
              {t('exactLink')}
            </SecondaryActionButton>
            <SecondaryActionButton type="button" onClick={() => chooseSeparate(matchedIds)}>
              {t('exactSeparate')}
            </SecondaryActionButton>
          </div>
        </Alert>
      ) : null}

      {link.kind === 'separate' ? (
        <Field
          id={fieldId('separateFrom.reason')}
          label={t('separateReason')}
          description={t('separateReasonHint')}
          error={err('separateFrom.reason')}
        >
          {(controlProps) => <Textarea {...controlProps} rows={3} {...register('separateFrom.reason')} />}
        </Field>
      ) : null}

      {outcome?.kind === 'known-elsewhere' ? (
        <Alert type="warning">
          <Paragraph>{t('knownElsewhere')}</Paragraph>
        </Alert>
      ) : null}
      {outcome?.kind === 'alert' ? (
        <Alert type="error">
          <Paragraph>{outcome.message}</Paragraph>
        </Alert>
      ) : null}

      <div className="ketenregie-intake__submit">
        {linkedCandidate ? <Paragraph>{t('linkedTo', { family: linkedCandidate.familyLabel })}</Paragraph> : null}
        <Paragraph className="ketenregie-intake__classification" data-testid="intake-classification">
          <strong>
            {kind === 'advice'
              ? t('registeredAsAdvice')
              : classification
                ? t('registeredAs', { classification: classificationLabel(classification) })
                : null}
          </strong>
        </Paragraph>
        <PrimaryActionButton type="submit" busy={mutation.isPending} aria-disabled={mutation.isPending || undefined}>
          {mutation.isPending ? t('submitting') : t('submit')}
        </PrimaryActionButton>
      </div>
    </form>
  );
};

/** "Nieuwe melding": a report or advice request with its household, linked to a known family where there is one. */
export const IntakePage = () => {
  usePageTitle(t('title'));
  const user = useSignedInUser();
  const organisation = useQuery(ownOrganisationQueryOptions(user.organisationId));
  const receivedBy = useMemo(() => (organisation.data ? receivedByOf(user, organisation.data) : undefined), [organisation.data, user]);
  return (
    <div className="ketenregie-surface">
      <Heading1 id="intake-title">{t('title')}</Heading1>
      <Paragraph>{t('intro')}</Paragraph>
      {receivedBy ? (
        <IntakeForm receivedBy={receivedBy} />
      ) : organisation.isError ? (
        <Alert type="error">
          <Paragraph>{t('loadFailed')}</Paragraph>
          <Button appearance="secondary-action-button" type="button" onClick={() => void organisation.refetch()}>
            {t('retry')}
          </Button>
        </Alert>
      ) : (
        <Paragraph aria-busy="true">{t('loading')}</Paragraph>
      )}
    </div>
  );
};
