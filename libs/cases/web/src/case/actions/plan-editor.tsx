import type {
  AddSafetyConditionBody,
  CaseAction,
  CaseDetail,
  RecordSafetyConditionStatusBody,
  ReviseSafetyConditionBody,
  UpdatePlanPartBody,
} from '@ketenregie/contracts';
import {
  addSafetyConditionBodySchema,
  recordSafetyConditionStatusBodySchema,
  reviseSafetyConditionBodySchema,
  updatePlanPartBodySchema,
} from '@ketenregie/contracts';
import { formatDay } from '@ketenregie/platform-web';
import {
  Button,
  Dialog,
  Field,
  Heading2,
  Heading3,
  Paragraph,
  Select,
  SelectOption,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textbox,
} from '@ketenregie/ui';
import { useState } from 'react';
import type { FieldErrors } from 'react-hook-form';
import { useFieldArray, useForm } from 'react-hook-form';
import { directorLabel } from '../../shared/labels';
import { CommandFeedback } from './command-feedback';
import { contractResolver, FormShell, RadioGroup, TextareaField, useServerFieldErrors } from './form-parts';
import { t } from './i18n/t';
import { useCaseCommand } from './use-case-command';

export type PlanEditorProps = { detail: CaseDetail; etag: string | undefined; readOnly: boolean };

type Part = 'safety' | 'aid' | 'recovery';
type Condition = CaseDetail['plan']['safetyConditions'][number];
type Owner = Condition['owner'];
type Organisation = Owner['organisation'];

const parts: readonly Part[] = ['safety', 'aid', 'recovery'];
const enc = encodeURIComponent;

/** Who can own a condition or an agreement: the organisations working on the case. */
const ownerChoices = (detail: CaseDetail): Organisation[] => {
  const all: Organisation[] = [
    detail.director.organisation,
    ...detail.chainPartners.filter((partner) => partner.active).map((partner) => partner.organisation),
    ...(detail.pendingHandover ? [detail.pendingHandover.to.organisation] : []),
    ...detail.rappels.map((rappel) => rappel.owner.organisation),
    ...detail.plan.safetyConditions.map((condition) => condition.owner.organisation),
  ];
  return [...new Map(all.map((organisation) => [organisation.organisationId, organisation])).values()];
};

const ownerLabel = (owner: Owner): string =>
  owner.person ? directorLabel({ person: owner.person, organisation: owner.organisation }) : owner.organisation.name;

const messageAt = (errors: FieldErrors, path: string): string | undefined => {
  let node: unknown = errors;
  for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
};

/** The owner as a choice among the case's organisations; the body carries the organisation as the case knows it. */
const OwnerSelect = ({
  id,
  label,
  choices,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  choices: readonly Organisation[];
  value: string;
  error?: string;
  onChange: (organisation: Organisation | undefined) => void;
}) => (
  <Field id={id} label={label} error={error}>
    {(control) => (
      <Select {...control} value={value} onChange={(event) => onChange(choices.find((o) => o.organisationId === event.target.value))}>
        <SelectOption value="">{t('dialog.choose')}</SelectOption>
        {choices.map((organisation) => (
          <SelectOption key={organisation.organisationId} value={organisation.organisationId}>
            {organisation.name}
          </SelectOption>
        ))}
      </Select>
    )}
  </Field>
);

type EditProps = { detail: CaseDetail; etag: string | undefined; onClose: () => void };

const ownerMessages = { owner: t('dialog.choose'), dueOn: t('plan.dueOnHint') };

const ConditionForm = ({ detail, etag, onClose, condition }: EditProps & { condition?: Condition }) => {
  const command = useCaseCommand(detail, etag, onClose);
  const revising = condition !== undefined;
  const form = useForm<AddSafetyConditionBody & { reason?: string }>({
    resolver: contractResolver(revising ? reviseSafetyConditionBodySchema : addSafetyConditionBodySchema, ownerMessages) as never,
    defaultValues: condition
      ? { text: condition.text, owner: { organisation: condition.owner.organisation }, dueOn: condition.dueOn, reason: '' }
      : { text: '', dueOn: '' },
  });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  const owner = form.watch('owner');
  const idPrefix = revising ? 'revise' : 'condition';
  const path = revising
    ? `/cases/${enc(detail.caseId)}/safety-conditions/${enc(condition.conditionId)}/revise`
    : `/cases/${enc(detail.caseId)}/safety-conditions`;
  return (
    <>
      <CommandFeedback command={command} detail={detail} />
      <FormShell
        idPrefix={idPrefix}
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={revising ? t('plan.revise') : t('plan.addCondition')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) => command.send({ path, body: body as AddSafetyConditionBody | ReviseSafetyConditionBody }))}
      >
        <TextareaField
          id={`${idPrefix}-text`}
          label={t('plan.conditionText')}
          error={errors.text?.message}
          registration={form.register('text')}
        />
        <OwnerSelect
          id={`${idPrefix}-owner`}
          label={t('plan.ownerOrganisation')}
          choices={ownerChoices(detail)}
          value={owner?.organisation.organisationId ?? ''}
          error={messageAt(errors, 'owner')}
          onChange={(organisation) =>
            form.setValue('owner', organisation ? { organisation } : (undefined as never), { shouldValidate: isSubmitted })
          }
        />
        <Field id={`${idPrefix}-dueOn`} label={t('plan.dueOn')} description={t('plan.dueOnHint')} error={errors.dueOn?.message}>
          {(control) => <Textbox {...control} type="date" {...form.register('dueOn')} />}
        </Field>
        {revising ? (
          <TextareaField
            id={`${idPrefix}-reason`}
            label={t('plan.reviseReason')}
            error={errors.reason?.message}
            registration={form.register('reason')}
          />
        ) : null}
      </FormShell>
    </>
  );
};

const StatusForm = ({ detail, etag, onClose, condition }: EditProps & { condition: Condition }) => {
  const command = useCaseCommand(detail, etag, onClose);
  const form = useForm<RecordSafetyConditionStatusBody>({
    resolver: contractResolver(recordSafetyConditionStatusBodySchema, { status: t('dialog.choose') }),
    defaultValues: { notes: '' },
  });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  return (
    <>
      <CommandFeedback command={command} detail={detail} />
      <Paragraph>{condition.text}</Paragraph>
      <FormShell
        idPrefix="status"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('plan.recordStatus')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) =>
          command.send({ path: `/cases/${enc(detail.caseId)}/safety-conditions/${enc(condition.conditionId)}/status`, body }),
        )}
      >
        <RadioGroup
          id="status-status"
          legend={t('plan.statusLabel')}
          choices={[
            { value: 'met', label: t('plan.status.met') },
            { value: 'not-met', label: t('plan.status.not-met') },
          ]}
          error={errors.status?.message}
          registration={form.register('status')}
        />
        <TextareaField
          id="status-notes"
          label={t('dialog.notes')}
          optional
          error={errors.notes?.message}
          registration={form.register('notes')}
        />
      </FormShell>
    </>
  );
};

const newAgreementId = (): string => `afspraak-${crypto.randomUUID().slice(0, 8)}`;

const PartForm = ({ detail, etag, onClose, part }: EditProps & { part: Part }) => {
  const command = useCaseCommand(detail, etag, onClose);
  const current = detail.plan.parts[part];
  const form = useForm<UpdatePlanPartBody>({
    resolver: contractResolver(updatePlanPartBodySchema, { 'agreements.owner': t('dialog.choose') }) as never,
    defaultValues: {
      description: current.description,
      agreements: current.agreements.map((agreement) => ({
        agreementId: agreement.agreementId,
        text: agreement.text,
        owner: {
          organisation: agreement.owner.organisation,
          ...(agreement.owner.person ? { person: { personId: agreement.owner.person.personId } } : {}),
        },
        ...(agreement.dueOn ? { dueOn: agreement.dueOn } : {}),
      })),
    },
  });
  useServerFieldErrors(command, form);
  const agreements = useFieldArray({ control: form.control, name: 'agreements' });
  const { errors, isSubmitted } = form.formState;
  const choices = ownerChoices(detail);
  return (
    <>
      <CommandFeedback command={command} detail={detail} />
      <FormShell
        idPrefix="part"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('plan.save')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) =>
          command.send({
            path: `/cases/${enc(detail.caseId)}/plan/parts/${part}`,
            // An empty optional date is "no date", not an invalid one.
            body: { ...body, agreements: body.agreements.map((a) => (a.dueOn ? a : { ...a, dueOn: undefined })) },
          }),
        )}
      >
        <TextareaField
          id="part-description"
          label={t('plan.description')}
          optional
          error={errors.description?.message}
          registration={form.register('description')}
        />
        {agreements.fields.map((field, index) => {
          const owner = form.watch(`agreements.${index}.owner`);
          return (
            <fieldset key={field.id} className="ketenregie-plan-agreement">
              <legend>{t('plan.agreement', { number: index + 1 })}</legend>
              <TextareaField
                id={`part-agreements-${index}-text`}
                label={t('plan.agreementText')}
                error={messageAt(errors, `agreements.${index}.text`)}
                registration={form.register(`agreements.${index}.text`)}
              />
              <OwnerSelect
                id={`part-agreements-${index}-owner`}
                label={t('plan.ownerOrganisation')}
                choices={choices}
                value={owner?.organisation.organisationId ?? ''}
                error={messageAt(errors, `agreements.${index}.owner`)}
                onChange={(organisation) =>
                  form.setValue(`agreements.${index}.owner`, organisation ? { organisation } : (undefined as never))
                }
              />
              <Field
                id={`part-agreements-${index}-dueOn`}
                label={t('plan.dueOn')}
                optional
                error={messageAt(errors, `agreements.${index}.dueOn`)}
              >
                {(control) => (
                  <Textbox
                    {...control}
                    type="date"
                    {...form.register(`agreements.${index}.dueOn`, { setValueAs: (value: unknown) => (value === '' ? undefined : value) })}
                  />
                )}
              </Field>
              <Button type="button" appearance="subtle-button" onClick={() => agreements.remove(index)}>
                {t('plan.removeAgreement')}
              </Button>
            </fieldset>
          );
        })}
        <Button
          type="button"
          appearance="secondary-action-button"
          onClick={() => agreements.append({ agreementId: newAgreementId(), text: '', owner: undefined as never })}
        >
          {t('plan.addAgreement')}
        </Button>
      </FormShell>
    </>
  );
};

type Editing =
  { kind: 'add' } | { kind: 'revise'; condition: Condition } | { kind: 'status'; condition: Condition } | { kind: 'part'; part: Part };

const titleOf = (editing: Editing): string => {
  if (editing.kind === 'add') return t('plan.addCondition');
  if (editing.kind === 'revise') return t('plan.reviseTitle');
  if (editing.kind === 'status') return t('plan.recordStatus');
  return t('plan.editPartTitle', { part: t(`plan.part.${editing.part}`) });
};

const find = (actions: readonly CaseAction[], name: CaseAction['action'], conditionId?: string): CaseAction | undefined =>
  actions.find((action) => action.action === name && (conditionId === undefined || action.target?.conditionId === conditionId));

/** A plan control: a button when allowed, or (for an authority refusal) visible with the reason. */
const PlanButton = ({ action, label, onOpen }: { action: CaseAction | undefined; label: string; onOpen: () => void }) => {
  if (!action) return null;
  if (action.allowed)
    return (
      <Button type="button" appearance="secondary-action-button" onClick={onOpen}>
        {label}
      </Button>
    );
  return null;
};

/**
 * The one plan of the case in its three parts. Safety carries the conditions (each with owner, due
 * date and status); every part has its description and agreements. What the user may change is
 * decided by the case's actions, edited where it is shown.
 */
export const PlanEditor = ({ detail, etag, readOnly }: PlanEditorProps) => {
  const [editing, setEditing] = useState<Editing | undefined>();
  const actions = readOnly ? [] : detail.actions;
  const addCondition = find(actions, 'add-safety-condition');
  const updatePart = find(actions, 'update-plan-part');
  const refused = [addCondition, updatePart].find((action) => action && !action.allowed);
  const conditions = detail.plan.safetyConditions;
  const close = () => setEditing(undefined);
  return (
    <section aria-labelledby="plan-title" className="ketenregie-plan ketenregie-stack">
      <Heading2 id="plan-title">{t('plan.title')}</Heading2>
      {readOnly ? <Paragraph>{t('plan.readOnly')}</Paragraph> : null}
      {refused && !refused.allowed ? <Paragraph>{t('plan.unavailable', { reason: refused.reason })}</Paragraph> : null}
      {parts.map((part) => {
        const content = detail.plan.parts[part];
        return (
          <section key={part} aria-labelledby={`plan-part-${part}`} className="ketenregie-stack">
            <Heading3 id={`plan-part-${part}`}>{t(`plan.part.${part}`)}</Heading3>
            {part === 'safety' ? (
              <>
                {conditions.length === 0 ? (
                  <Paragraph>{addCondition?.allowed ? t('plan.noConditions') : t('plan.noConditionsReadOnly')}</Paragraph>
                ) : (
                  <div className="ketenregie-table-container">
                    <Table className="ketenregie-responsive-table">
                      <TableCaption>{t('plan.conditions')}</TableCaption>
                      <TableHeader>
                        <TableRow>
                          <TableHeaderCell scope="col">{t('plan.col.condition')}</TableHeaderCell>
                          <TableHeaderCell scope="col">{t('plan.col.owner')}</TableHeaderCell>
                          <TableHeaderCell scope="col">{t('plan.col.due')}</TableHeaderCell>
                          <TableHeaderCell scope="col">{t('plan.col.status')}</TableHeaderCell>
                          {readOnly ? null : <TableHeaderCell scope="col">{t('plan.col.actions')}</TableHeaderCell>}
                        </TableRow>
                      </TableHeader>
                      <TableBody>
                        {conditions.map((condition) => (
                          <TableRow key={condition.conditionId}>
                            <TableHeaderCell scope="row" data-label={t('plan.col.condition')}>
                              {condition.text}
                            </TableHeaderCell>
                            <TableCell data-label={t('plan.col.owner')}>{ownerLabel(condition.owner)}</TableCell>
                            <TableCell data-label={t('plan.col.due')}>{formatDay(condition.dueOn)}</TableCell>
                            <TableCell data-label={t('plan.col.status')}>
                              <span className={`ketenregie-condition-status ketenregie-condition-status--${condition.status}`}>
                                {t(`plan.status.${condition.status}`)}
                              </span>
                            </TableCell>
                            {readOnly ? null : (
                              <TableCell data-label={t('plan.col.actions')}>
                                <div className="ketenregie-plan-row-actions">
                                  <PlanButton
                                    action={condition.status === 'met' ? undefined : addCondition}
                                    label={t('plan.revise')}
                                    onOpen={() => setEditing({ kind: 'revise', condition })}
                                  />
                                  <PlanButton
                                    action={find(actions, 'record-safety-condition-status', condition.conditionId)}
                                    label={t('plan.recordStatus')}
                                    onOpen={() => setEditing({ kind: 'status', condition })}
                                  />
                                </div>
                              </TableCell>
                            )}
                          </TableRow>
                        ))}
                      </TableBody>
                    </Table>
                  </div>
                )}
                <PlanButton action={addCondition} label={t('plan.addCondition')} onOpen={() => setEditing({ kind: 'add' })} />
              </>
            ) : null}
            <Paragraph>{content.description || t('plan.noDescription')}</Paragraph>
            {content.agreements.length > 0 ? (
              <ul aria-label={`${t('plan.agreements')}: ${t(`plan.part.${part}`)}`}>
                {content.agreements.map((agreement) => (
                  <li key={agreement.agreementId}>
                    {agreement.text} — {ownerLabel(agreement.owner)}
                    {agreement.dueOn ? `, ${t('plan.col.due').toLowerCase()} ${formatDay(agreement.dueOn)}` : ''}
                  </li>
                ))}
              </ul>
            ) : null}
            <PlanButton
              action={updatePart}
              label={`${t(`plan.part.${part}`)}: ${t('plan.editPart').toLowerCase()}`}
              onOpen={() => setEditing({ kind: 'part', part })}
            />
          </section>
        );
      })}
      <Dialog open={editing !== undefined} title={editing ? titleOf(editing) : ''} onClose={close}>
        {editing?.kind === 'add' ? <ConditionForm detail={detail} etag={etag} onClose={close} /> : null}
        {editing?.kind === 'revise' ? <ConditionForm detail={detail} etag={etag} onClose={close} condition={editing.condition} /> : null}
        {editing?.kind === 'status' ? <StatusForm detail={detail} etag={etag} onClose={close} condition={editing.condition} /> : null}
        {editing?.kind === 'part' ? <PartForm detail={detail} etag={etag} onClose={close} part={editing.part} /> : null}
      </Dialog>
    </section>
  );
};
