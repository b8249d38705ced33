import type { CaseDetail, ChangePhaseBody, CloseCaseBody, OfferHandoverBody, ReasonBody, ScheduleRappelsBody } from '@ketenregie/contracts';
import {
  changePhaseBodySchema,
  closeCaseBodySchema,
  completeInvestigationBodySchema,
  completeSafetyAssessmentBodySchema,
  offerHandoverBodySchema,
  reasonBodySchema,
  recordRappelOutcomeBodySchema,
  scheduleRappelsBodySchema,
} from '@ketenregie/contracts';
import { formatDay, useSignedInUser } from '@ketenregie/platform-web';
import { Alert, ButtonGroup, Field, Paragraph, SecondaryActionButton, Select, SelectOption, Textbox } from '@ketenregie/ui';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { FieldErrors, FieldValues, Resolver, ResolverResult } from 'react-hook-form';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { directorLabel, phaseLabel, receiverLabel } from '../../shared/labels';
import type { ShownItem } from './action-rules';
import type { RouteForm } from './action-bodies';
import { parseOffsets, routeBody } from './action-bodies';
import { routeActions, targetOf } from './action-rules';
import { CommandFeedback } from './command-feedback';
import type { Choice } from './form-parts';
import { ConfirmButtons, contractResolver, FormShell, RadioGroup, TextareaField, useServerFieldErrors } from './form-parts';
import { t } from './i18n/t';
import { handoverTargetsQueryOptions, organisationPeopleQueryOptions } from './queries';
import type { CaseCommand } from './use-case-command';
import { useCaseCommand } from './use-case-command';

export type DialogProps = { detail: CaseDetail; etag: string | undefined; shown: ShownItem; onClose: () => void };

const enc = encodeURIComponent;
const casePath = (caseId: string, ...parts: string[]): string => [`/cases/${enc(caseId)}`, ...parts.map(enc)].join('/');

const phases = ['immediate-safety', 'stable-safety', 'recovery'] as const;
const required = 'Dit veld is verplicht.';

const Feedback = ({ command, detail }: { command: CaseCommand; detail: CaseDetail }) => (
  <CommandFeedback command={command} detail={detail} />
);

const fieldError = (errors: FieldErrors, path: string): string | undefined => {
  let node: unknown = errors;
  for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
};

/** A dialog whose only input is the decision itself: start, accept, acknowledge. */
const ConfirmOnly = ({ detail, etag, onClose, body, path, label }: DialogProps & { body: ReactNode; path: string; label: string }) => {
  const command = useCaseCommand(detail, etag, onClose);
  return (
    <div className="ketenregie-stack">
      <Feedback command={command} detail={detail} />
      {body}
      <ConfirmButtons label={label} pending={command.pending} onConfirm={() => command.send({ path, body: {} })} onCancel={onClose} />
    </div>
  );
};

export const StartAssessmentDialog = (props: DialogProps) => {
  const assessmentId = targetOf(props.shown)?.assessmentId ?? '';
  return (
    <ConfirmOnly
      {...props}
      path={casePath(props.detail.caseId, 'safety-assessments', assessmentId, 'start')}
      label={t('assessment.start.submit')}
      body={<Paragraph>{t('assessment.start.body')}</Paragraph>}
    />
  );
};

export const AcceptHandoverDialog = (props: DialogProps) => {
  const pending = props.detail.pendingHandover;
  const handoverId = targetOf(props.shown)?.handoverId ?? pending?.handoverId ?? '';
  return (
    <ConfirmOnly
      {...props}
      path={casePath(props.detail.caseId, 'handovers', handoverId, 'accept')}
      label={t('handover.accept.submit')}
      body={
        <>
          {pending ? (
            <>
              <Paragraph>{t('handover.pending', { from: directorLabel(pending.from), receiver: receiverLabel(pending.to) })}</Paragraph>
              <Paragraph>{t('handover.pendingReason', { reason: pending.reason })}</Paragraph>
            </>
          ) : null}
          <Paragraph>{t('handover.accept.body')}</Paragraph>
        </>
      }
    />
  );
};

export const AcknowledgeFlagDialog = (props: DialogProps) => {
  const flagId = targetOf(props.shown)?.flagId ?? '';
  const flag = props.detail.recidivismFlags.find((candidate) => candidate.flagId === flagId);
  return (
    <ConfirmOnly
      {...props}
      path={casePath(props.detail.caseId, 'recidivism-flags', flagId, 'acknowledge')}
      label={t('flag.submit')}
      body={
        flag ? (
          <>
            <Paragraph>{t(`flag.body.${flag.classification}`)}</Paragraph>
            {flag.earlierDirector ? (
              <Paragraph>{t('flag.earlierDirector', { director: directorLabel(flag.earlierDirector) })}</Paragraph>
            ) : null}
          </>
        ) : null
      }
    />
  );
};

const yesNo = (): Choice[] => [
  { value: 'true', label: t('dialog.yes') },
  { value: 'false', label: t('dialog.no') },
];

export const CompleteAssessmentDialog = ({ detail, etag, shown, onClose }: DialogProps) => {
  const command = useCaseCommand(detail, etag, onClose);
  const form = useForm({
    resolver: contractResolver(completeSafetyAssessmentBodySchema, {
      acuteUnsafety: t('assessment.acuteMissing'),
      structuralUnsafety: t('assessment.structuralMissing'),
    }),
  });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  const assessmentId = targetOf(shown)?.assessmentId ?? '';
  const question = (name: 'acuteUnsafety' | 'structuralUnsafety', legend: string) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => (
        <RadioGroup
          id={`assessment-${name}`}
          legend={legend}
          choices={yesNo()}
          error={errors[name]?.message}
          registration={{
            name: field.name,
            ref: field.ref,
            onBlur: async () => field.onBlur(),
            onChange: async (event: { target: { value: string } }) => field.onChange(event.target.value === 'true'),
          }}
        />
      )}
    />
  );
  return (
    <>
      <Feedback command={command} detail={detail} />
      <FormShell
        idPrefix="assessment"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('assessment.submit')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) =>
          command.send({ path: casePath(detail.caseId, 'safety-assessments', assessmentId, 'complete'), body }),
        )}
      >
        {question('acuteUnsafety', t('assessment.acute'))}
        {question('structuralUnsafety', t('assessment.structural'))}
      </FormShell>
    </>
  );
};

export const ChooseRouteDialog = ({ detail, etag, shown, onClose }: DialogProps) => {
  const command = useCaseCommand(detail, etag, onClose);
  const open = routeActions.filter((route) => shown.actions.some((action) => action.action === route && action.allowed));
  // Each route has its own body schema: the chosen one checks the form.
  const form = useForm<RouteForm>({
    defaultValues: { reason: '' },
    resolver: async (values): Promise<ResolverResult<RouteForm>> => {
      if (!values.route) return { values: {}, errors: { route: { type: 'required', message: t('route.chooseOne') } } };
      const { schema, body } = routeBody(values);
      const parsed = schema.safeParse(body);
      if (parsed.success) return { values, errors: {} };
      const issue = parsed.error.issues[0];
      return { values: {}, errors: { reason: { type: 'schema', message: issue?.message ?? required } } };
    },
  });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  return (
    <>
      <Feedback command={command} detail={detail} />
      <FormShell
        idPrefix="route"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('route.submit')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((values) => {
          const { body, path } = routeBody(values);
          command.send({ path: casePath(detail.caseId, path), body });
        })}
      >
        <RadioGroup
          id="route-route"
          legend={t('route.choice')}
          choices={open.map((route) => ({ value: route, label: t(`route.${route}`) }))}
          error={errors.route?.message}
          registration={form.register('route')}
        />
        <TextareaField
          id="route-reason"
          label={t('dialog.reason')}
          description={t('route.reasonHint')}
          error={errors.reason?.message}
          registration={form.register('reason')}
        />
      </FormShell>
    </>
  );
};

export const CompleteInvestigationDialog = ({ detail, etag, shown, onClose }: DialogProps) => {
  const command = useCaseCommand(detail, etag, onClose);
  const form = useForm({ resolver: contractResolver(completeInvestigationBodySchema), defaultValues: { conclusion: '' } });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  const investigationId = targetOf(shown)?.investigationId ?? '';
  return (
    <>
      <Feedback command={command} detail={detail} />
      <FormShell
        idPrefix="investigation"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('investigation.submit')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) =>
          command.send({ path: casePath(detail.caseId, 'investigations', investigationId, 'complete'), body }),
        )}
      >
        <TextareaField
          id="investigation-conclusion"
          label={t('investigation.conclusion')}
          error={errors.conclusion?.message}
          registration={form.register('conclusion')}
        />
      </FormShell>
    </>
  );
};

/** Decline or withdraw a hand-over: a reason, then the verb. */
const HandoverReasonDialog = ({ detail, etag, shown, onClose, verb }: DialogProps & { verb: 'decline' | 'withdraw' }) => {
  const command = useCaseCommand(detail, etag, onClose);
  const form = useForm<ReasonBody>({ resolver: contractResolver(reasonBodySchema), defaultValues: { reason: '' } });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  const pending = detail.pendingHandover;
  const handoverId = targetOf(shown)?.handoverId ?? pending?.handoverId ?? '';
  return (
    <>
      <Feedback command={command} detail={detail} />
      {pending ? (
        <Paragraph>
          {verb === 'withdraw'
            ? t('handover.withdraw.body', { from: directorLabel(pending.from), receiver: receiverLabel(pending.to) })
            : t('handover.pending', { from: directorLabel(pending.from), receiver: receiverLabel(pending.to) })}
        </Paragraph>
      ) : null}
      <FormShell
        idPrefix={`handover-${verb}`}
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t(`handover.${verb}.submit`)}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) => command.send({ path: casePath(detail.caseId, 'handovers', handoverId, verb), body }))}
      >
        <TextareaField
          id={`handover-${verb}-reason`}
          label={t('dialog.reason')}
          error={errors.reason?.message}
          registration={form.register('reason')}
        />
      </FormShell>
    </>
  );
};

export const DeclineHandoverDialog = (props: DialogProps) => <HandoverReasonDialog {...props} verb="decline" />;
export const WithdrawHandoverDialog = (props: DialogProps) => <HandoverReasonDialog {...props} verb="withdraw" />;

type OrganisationRef = OfferHandoverBody['to']['organisation'];

const bodyKind = (kind: string): OrganisationRef['kind'] => (kind === 'veilig-thuis' || kind === 'local-team' ? kind : 'other');

/** Organisations the case already knows, as suggestions for "Aan": the user may type any other code. */
const knownOrganisations = (detail: CaseDetail, kind?: OrganisationRef['kind']): OrganisationRef[] => {
  const all = [
    detail.director.organisation,
    ...(detail.pendingHandover ? [detail.pendingHandover.from.organisation, detail.pendingHandover.to.organisation] : []),
    ...detail.rappels.map((rappel) => rappel.owner.organisation),
    ...detail.recidivismFlags.flatMap((flag) => (flag.earlierDirector ? [flag.earlierDirector.organisation] : [])),
    ...(detail.lastClosure ? [detail.lastClosure.director.organisation] : []),
  ];
  const unique = new Map(all.filter((organisation) => !kind || organisation.kind === kind).map((o) => [o.organisationId, o]));
  return [...unique.values()];
};

/**
 * Escalate to Veilig Thuis: a Veilig Thuis professional takes direction back themselves; a local
 * team offers it to Veilig Thuis by its code (the case's known Veilig Thuis suggested), looked up
 * when the field is left so its name and people appear. A confirmation follows.
 */
export const EscalateDialog = ({ detail, etag, onClose }: DialogProps) => {
  const user = useSignedInUser();
  const command = useCaseCommand(detail, etag, onClose);
  const veiligThuisUser = user.roles.includes('veilig-thuis-professional');
  const suggestions = knownOrganisations(detail, 'veilig-thuis');
  const initialCode = veiligThuisUser ? user.organisationId : (suggestions[0]?.organisationId ?? '');
  const [lookup, setLookup] = useState(initialCode);
  const [confirming, setConfirming] = useState<OfferHandoverBody | undefined>();
  const form = useForm({
    resolver: contractResolver(offerHandoverBodySchema, {
      phase: t('dialog.choose'),
      'to.organisation.name': t('handover.unknownOrganisation'),
      'to.organisation.kind': t('handover.unknownOrganisation'),
    }),
    defaultValues: {
      to: {
        organisation: { organisationId: initialCode, name: '', kind: 'other' },
        ...(veiligThuisUser ? { person: { personId: user.userId } } : {}),
      },
      reason: '',
      phase: 'immediate-safety',
    } as OfferHandoverBody,
  });
  useServerFieldErrors(command, form);
  const people = useQuery(organisationPeopleQueryOptions(lookup));
  const found = people.data?.organisation;
  // The body carries the organisation's name and kind as the directory has them, never as typed.
  const organisationId = form.watch('to.organisation.organisationId');
  const { setValue } = form;
  useEffect(() => {
    if (found && organisationId === found.organisationId)
      setValue('to.organisation', { organisationId: found.organisationId, name: found.name, kind: bodyKind(found.kind) });
  }, [found, organisationId, setValue]);
  const { errors, isSubmitted } = form.formState;
  const orgError =
    fieldError(errors, 'to.organisation.organisationId') ??
    fieldError(errors, 'to.organisation.name') ??
    fieldError(errors, 'to.organisation');
  const path = casePath(detail.caseId, 'escalations');
  const receiverName = (body: OfferHandoverBody): string => {
    const person = people.data?.people.find((candidate) => candidate.personId === body.to.person?.personId);
    return person
      ? directorLabel({ person: { personId: person.personId, name: person.displayName }, organisation: body.to.organisation })
      : body.to.organisation.name;
  };
  const idPrefix = 'escalate';
  const personValue = form.watch('to.person.personId') ?? '';

  if (confirming) {
    return (
      <div className="ketenregie-stack">
        <Feedback command={command} detail={detail} />
        <Paragraph>{t('escalate.confirm', { receiver: receiverName(confirming) })}</Paragraph>
        <ConfirmButtons
          label={t('dialog.confirm')}
          pending={command.pending}
          onConfirm={() => command.send({ path, body: confirming })}
          onCancel={() => setConfirming(undefined)}
          cancelLabel={t('dialog.back')}
        />
      </div>
    );
  }
  return (
    <>
      <Feedback command={command} detail={detail} />
      <FormShell
        idPrefix={idPrefix}
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('escalate.submit')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) => setConfirming(body as OfferHandoverBody))}
      >
        <Field
          id={`${idPrefix}-to-organisation-organisationId`}
          label={t('escalate.to')}
          description={
            people.isFetching
              ? t('handover.lookingUp')
              : found
                ? t('handover.organisationFound', { name: found.name })
                : t('escalate.toHint')
          }
          error={orgError ?? (people.isError ? t('handover.unknownOrganisation') : undefined)}
        >
          {(control) => {
            const registration = form.register('to.organisation.organisationId', {
              onChange: () => form.setValue('to.organisation.name', ''),
            });
            return (
              <>
                <Textbox
                  {...control}
                  {...registration}
                  list={`${idPrefix}-organisations`}
                  autoComplete="off"
                  onBlur={(event) => {
                    void registration.onBlur(event);
                    setLookup(event.target.value.trim());
                  }}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      setLookup(event.currentTarget.value.trim());
                    }
                  }}
                />
                <datalist id={`${idPrefix}-organisations`}>
                  {suggestions.map((organisation) => (
                    <option key={organisation.organisationId} value={organisation.organisationId}>
                      {organisation.name}
                    </option>
                  ))}
                </datalist>
              </>
            );
          }}
        </Field>
        {people.data ? (
          <Field id={`${idPrefix}-person`} label={t('handover.person')} optional>
            {(control) => (
              <Select
                {...control}
                value={personValue}
                onChange={(event) => {
                  const personId = event.target.value;
                  form.setValue('to.person', personId ? { personId } : undefined);
                }}
              >
                <SelectOption value="">{t('handover.wholeTeam')}</SelectOption>
                {people.data.people.map((person) => (
                  <SelectOption key={person.personId} value={person.personId}>
                    {person.displayName}
                  </SelectOption>
                ))}
              </Select>
            )}
          </Field>
        ) : null}
        <TextareaField
          id={`${idPrefix}-reason`}
          label={t('escalate.reason')}
          error={errors.reason?.message}
          registration={form.register('reason')}
        />
        <Field id={`${idPrefix}-phase`} label={t('handover.phase')} error={errors.phase?.message}>
          {(control) => (
            <Select {...control} {...form.register('phase')}>
              {phases.map((phase) => (
                <SelectOption key={phase} value={phase}>
                  {phaseLabel(phase)}
                </SelectOption>
              ))}
            </Select>
          )}
        </Field>
      </FormShell>
    </>
  );
};

/**
 * Name and kind follow from the organisation chosen: while none is chosen the user has one thing to
 * do ("Kies een organisatie."), not three messages in the summary.
 */
const oneChoiceOfOrganisation =
  <A extends FieldValues, C, B>(resolver: Resolver<A, C, B>): Resolver<A, C, B> =>
  async (values, context, options) => {
    const result = await resolver(values, context, options);
    const organisation = (result.errors as { to?: { organisation?: Record<string, unknown> } }).to?.organisation;
    if (organisation?.['organisationId']) {
      delete organisation['name'];
      delete organisation['kind'];
    }
    return result;
  };

/** Radio buttons up to this many organisations; a longer list is a select, so the dialog stays short. */
const maxRadioTargets = 5;

/**
 * Offer direction to an organisation chosen by name from those the API says the case may go to
 * now (so nobody needs to know a code, and nothing is offered that the command would refuse), then
 * optionally one of its professionals ("Het hele team" by default). A confirmation follows,
 * because direction moves on acceptance.
 */
export const OfferHandoverDialog = ({ detail, etag, onClose }: DialogProps) => {
  const command = useCaseCommand(detail, etag, onClose);
  const targets = useQuery(handoverTargetsQueryOptions(detail.caseId));
  const [confirming, setConfirming] = useState<OfferHandoverBody | undefined>();
  const form = useForm({
    resolver: oneChoiceOfOrganisation(
      contractResolver(offerHandoverBodySchema, {
        phase: t('dialog.choose'),
        'to.organisation': t('handover.chooseOrganisation'),
      }),
    ),
    defaultValues: {
      to: { organisation: { organisationId: '', name: '', kind: 'other' } },
      reason: '',
      phase: detail.phase,
    } as OfferHandoverBody,
  });
  useServerFieldErrors(command, form);
  const organisationId = form.watch('to.organisation.organisationId');
  const chosen = targets.data?.targets.find((target) => target.organisationId === organisationId);
  const people = useQuery(organisationPeopleQueryOptions(chosen?.organisationId ?? ''));
  const { setValue } = form;
  useEffect(() => {
    // The body carries the organisation's name and kind as the directory has them; a person of
    // the organisation chosen before is no longer a receiver.
    setValue('to.person', undefined);
    if (chosen) setValue('to.organisation', { organisationId: chosen.organisationId, name: chosen.name, kind: chosen.kind });
  }, [chosen, setValue]);
  const { errors, isSubmitted } = form.formState;
  const orgError =
    fieldError(errors, 'to.organisation.organisationId') ??
    fieldError(errors, 'to.organisation.name') ??
    fieldError(errors, 'to.organisation');
  const path = casePath(detail.caseId, 'handovers');
  const receiverName = (body: OfferHandoverBody): string => {
    const person = people.data?.people.find((candidate) => candidate.personId === body.to.person?.personId);
    return person
      ? directorLabel({ person: { personId: person.personId, name: person.displayName }, organisation: body.to.organisation })
      : body.to.organisation.name;
  };
  const personValue = form.watch('to.person.personId') ?? '';

  if (confirming) {
    return (
      <div className="ketenregie-stack">
        <Feedback command={command} detail={detail} />
        <Paragraph>{t('handover.confirm', { receiver: receiverName(confirming) })}</Paragraph>
        <ConfirmButtons
          label={t('dialog.confirm')}
          pending={command.pending}
          onConfirm={() => command.send({ path, body: confirming })}
          onCancel={() => setConfirming(undefined)}
          cancelLabel={t('dialog.back')}
        />
      </div>
    );
  }
  if (targets.isPending) {
    return (
      <div className="ketenregie-stack" aria-busy="true">
        <Paragraph>{t('handover.targetsLoading')}</Paragraph>
      </div>
    );
  }
  if (targets.isError) {
    return (
      <div className="ketenregie-stack">
        <Alert type="error">
          <Paragraph>{t('handover.targetsError')}</Paragraph>
          <SecondaryActionButton type="button" onClick={() => void targets.refetch()}>
            {t('handover.targetsRetry')}
          </SecondaryActionButton>
        </Alert>
        <ButtonGroup>
          <SecondaryActionButton type="button" onClick={onClose}>
            {t('dialog.cancel')}
          </SecondaryActionButton>
        </ButtonGroup>
      </div>
    );
  }
  const choices = targets.data.targets.map((target) => ({
    value: target.organisationId,
    label: t(`handover.kind.${target.kindOfHandover}`, { name: target.name }),
  }));
  if (choices.length === 0) {
    return (
      <div className="ketenregie-stack">
        <Paragraph>{t('handover.noTargets')}</Paragraph>
        <ButtonGroup>
          <SecondaryActionButton type="button" onClick={onClose}>
            {t('dialog.cancel')}
          </SecondaryActionButton>
        </ButtonGroup>
      </div>
    );
  }
  const toId = 'handover-to-organisation-organisationId';
  return (
    <>
      <Feedback command={command} detail={detail} />
      <Paragraph>{t('handover.note')}</Paragraph>
      <FormShell
        idPrefix="handover"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('handover.submit')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) => setConfirming(body as OfferHandoverBody))}
      >
        {choices.length <= maxRadioTargets ? (
          <RadioGroup
            id={toId}
            legend={t('handover.to')}
            choices={choices}
            error={orgError}
            registration={form.register('to.organisation.organisationId')}
          />
        ) : (
          <Field id={toId} label={t('handover.to')} error={orgError}>
            {(control) => (
              <Select {...control} {...form.register('to.organisation.organisationId')}>
                <SelectOption value="">{t('handover.chooseOrganisation')}</SelectOption>
                {choices.map((choice) => (
                  <SelectOption key={choice.value} value={choice.value}>
                    {choice.label}
                  </SelectOption>
                ))}
              </Select>
            )}
          </Field>
        )}
        {chosen ? (
          <Field
            id="handover-to-person"
            label={t('handover.person')}
            optional
            description={people.isPending ? t('handover.peopleLoading') : undefined}
          >
            {(control) => (
              <Select
                {...control}
                value={personValue}
                aria-busy={people.isPending || undefined}
                onChange={(event) => {
                  const personId = event.target.value;
                  form.setValue('to.person', personId ? { personId } : undefined);
                }}
              >
                <SelectOption value="">{t('handover.wholeTeam')}</SelectOption>
                {(people.data?.people ?? []).map((person) => (
                  <SelectOption key={person.personId} value={person.personId}>
                    {person.displayName}
                  </SelectOption>
                ))}
              </Select>
            )}
          </Field>
        ) : null}
        <TextareaField
          id="handover-reason"
          label={t('handover.explanation')}
          error={errors.reason?.message}
          registration={form.register('reason')}
        />
        <Field id="handover-phase" label={t('handover.phase')} error={errors.phase?.message}>
          {(control) => (
            <Select {...control} {...form.register('phase')}>
              {phases.map((phase) => (
                <SelectOption key={phase} value={phase}>
                  {phaseLabel(phase)}
                </SelectOption>
              ))}
            </Select>
          )}
        </Field>
      </FormShell>
    </>
  );
};

export const ChangePhaseDialog = ({ detail, etag, onClose }: DialogProps) => {
  const command = useCaseCommand(detail, etag, onClose);
  const form = useForm<ChangePhaseBody>({
    resolver: contractResolver(changePhaseBodySchema, { phase: t('dialog.choose') }),
    defaultValues: { phase: detail.phase, reason: '' },
  });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  return (
    <>
      <Feedback command={command} detail={detail} />
      <FormShell
        idPrefix="phase"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('phase.submit')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) => command.send({ path: casePath(detail.caseId, 'phase'), body }))}
      >
        <Field id="phase-phase" label={t('phase.label')} error={errors.phase?.message}>
          {(control) => (
            <Select {...control} {...form.register('phase')}>
              {phases.map((phase) => (
                <SelectOption key={phase} value={phase}>
                  {phaseLabel(phase)}
                </SelectOption>
              ))}
            </Select>
          )}
        </Field>
        <TextareaField id="phase-reason" label={t('dialog.reason')} error={errors.reason?.message} registration={form.register('reason')} />
      </FormShell>
    </>
  );
};

export const ScheduleRappelsDialog = ({ detail, etag, onClose }: DialogProps) => {
  const user = useSignedInUser();
  const command = useCaseCommand(detail, etag, onClose);
  const own = useQuery(organisationPeopleQueryOptions(user.organisationId));
  const organisation = own.data?.organisation;
  const form = useForm({
    resolver: contractResolver(scheduleRappelsBodySchema, {
      offsetsInMonths: t('rappels.offsetsInvalid'),
      owner: t('handover.unknownOrganisation'),
    }),
    defaultValues: {} as ScheduleRappelsBody,
  });
  useServerFieldErrors(command, form);
  const [ownerId, setOwnerId] = useState(user.userId);
  const { errors, isSubmitted } = form.formState;
  // The owner is a Veilig Thuis professional of the user's own organisation, by default the user.
  const { setValue } = form;
  useEffect(() => {
    if (organisation)
      setValue('owner', {
        person: { personId: ownerId },
        organisation: { organisationId: organisation.organisationId, name: organisation.name, kind: bodyKind(organisation.kind) },
      });
  }, [organisation, ownerId, setValue]);
  return (
    <>
      <Feedback command={command} detail={detail} />
      <FormShell
        idPrefix="rappels"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('rappels.submit')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) => command.send({ path: casePath(detail.caseId, 'rappel-schedules'), body }))}
      >
        <Field id="rappels-owner" label={t('rappels.owner')} error={fieldError(errors, 'owner')}>
          {(control) => (
            <Select
              {...control}
              value={ownerId}
              aria-busy={own.isPending || undefined}
              onChange={(event) => setOwnerId(event.target.value)}
            >
              {(own.data?.people ?? [{ personId: user.userId, displayName: user.displayName }]).map((person) => (
                <SelectOption key={person.personId} value={person.personId}>
                  {person.displayName}
                </SelectOption>
              ))}
            </Select>
          )}
        </Field>
        <Field
          id="rappels-offsetsInMonths"
          label={t('rappels.offsets')}
          optional
          description={t('rappels.offsetsHint')}
          error={fieldError(errors, 'offsetsInMonths')}
        >
          {(control) => (
            <Textbox
              {...control}
              inputMode="numeric"
              {...form.register('offsetsInMonths', {
                setValueAs: (value: unknown) => (typeof value === 'string' ? parseOffsets(value) : value),
              })}
            />
          )}
        </Field>
      </FormShell>
    </>
  );
};

type OutcomeForm = z.input<typeof recordRappelOutcomeBodySchema>;

// Concerns and an unsafe outcome need a note (the domain refuses them without); said before sending.
const outcomeSchema = recordRappelOutcomeBodySchema.superRefine((body, context) => {
  if (body.outcome !== 'safe' && !body.notes?.trim()) context.addIssue({ code: 'custom', path: ['notes'], message: 'notes-required' });
});

export const RecordRappelOutcomeDialog = ({ detail, etag, shown, onClose }: DialogProps) => {
  const command = useCaseCommand(detail, etag, onClose);
  const rappelId = targetOf(shown)?.rappelId ?? '';
  const rappel = detail.rappels.find((candidate) => candidate.rappelId === rappelId);
  const [confirming, setConfirming] = useState<OutcomeForm | undefined>();
  const form = useForm({
    resolver: contractResolver(outcomeSchema, { outcome: t('outcome.choose'), notes: t('outcome.notesRequired') }),
    defaultValues: { notes: '' } as OutcomeForm,
  });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  const path = casePath(detail.caseId, 'rappels', rappelId, 'outcome');
  if (confirming) {
    return (
      <div className="ketenregie-stack">
        <Feedback command={command} detail={detail} />
        <Alert type="warning">
          <Paragraph>{t('outcome.unsafeWarning')}</Paragraph>
        </Alert>
        <ConfirmButtons
          label={t('dialog.confirm')}
          pending={command.pending}
          onConfirm={() => command.send({ path, body: confirming })}
          onCancel={() => setConfirming(undefined)}
          cancelLabel={t('dialog.back')}
        />
      </div>
    );
  }
  const outcome = form.watch('outcome');
  return (
    <>
      <Feedback command={command} detail={detail} />
      {rappel ? <Paragraph>{t('outcome.rappel', { date: formatDay(rappel.dueOn) })}</Paragraph> : null}
      <FormShell
        idPrefix="outcome"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('outcome.submit')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) => (body.outcome === 'unsafe' ? setConfirming(body) : command.send({ path, body })))}
      >
        <RadioGroup
          id="outcome-outcome"
          legend={t('outcome.label')}
          choices={(['safe', 'concerns', 'unsafe'] as const).map((value) => ({ value, label: t(`outcome.${value}`) }))}
          error={errors.outcome?.message}
          registration={form.register('outcome')}
        />
        {outcome === 'unsafe' ? <Paragraph>{t('outcome.unsafeWarning')}</Paragraph> : null}
        <TextareaField
          id="outcome-notes"
          label={t('dialog.notes')}
          optional={outcome === 'safe' || outcome === undefined}
          error={errors.notes?.message}
          registration={form.register('notes')}
        />
      </FormShell>
    </>
  );
};

const closureOutcomes = [
  'no-unsafety-found',
  'safety-established',
  'continued-in-voluntary-care',
  'child-protection-measure',
  'advice-given',
  'other',
] as const;

export const CloseCaseDialog = ({ detail, etag, onClose }: DialogProps) => {
  const command = useCaseCommand(detail, etag, onClose);
  const [confirming, setConfirming] = useState<CloseCaseBody | undefined>();
  const form = useForm({
    resolver: contractResolver(closeCaseBodySchema, { outcome: t('close.chooseOutcome') }),
    defaultValues: { notes: '' } as CloseCaseBody,
  });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  const path = casePath(detail.caseId, 'close');
  if (confirming) {
    return (
      <div className="ketenregie-stack">
        <Feedback command={command} detail={detail} />
        <Paragraph>{t('close.confirm')}</Paragraph>
        <ConfirmButtons
          label={t('close.submit')}
          pending={command.pending}
          onConfirm={() => command.send({ path, body: confirming })}
          onCancel={() => setConfirming(undefined)}
          cancelLabel={t('dialog.back')}
        />
      </div>
    );
  }
  return (
    <>
      <Feedback command={command} detail={detail} />
      <FormShell
        idPrefix="close"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('close.submit')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) => setConfirming(body))}
      >
        <RadioGroup
          id="close-outcome"
          legend={t('close.outcome')}
          choices={closureOutcomes.map((value) => ({ value, label: t(`close.outcome.${value}`) }))}
          error={errors.outcome?.message}
          registration={form.register('outcome')}
        />
        <TextareaField
          id="close-notes"
          label={t('dialog.notes')}
          optional
          error={errors.notes?.message}
          registration={form.register('notes')}
        />
      </FormShell>
    </>
  );
};
