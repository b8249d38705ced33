import type { CaseDetail, OrganisationListItem, ReasonBody, RegisterChainPartnerBody } from '@ketenregie/contracts';
import { chainPartnerRoleInputSchema, reasonBodySchema, registerChainPartnerBodySchema } from '@ketenregie/contracts';
import { Alert, Button, Field, Paragraph, Select, SelectOption } from '@ketenregie/ui';
import { useQuery } from '@tanstack/react-query';
import type { FieldErrors } from 'react-hook-form';
import { useForm } from 'react-hook-form';
import { CommandFeedback } from './command-feedback';
import { contractResolver, FormShell, TextareaField, useServerFieldErrors } from './form-parts';
import { t } from './i18n/t';
import { chainPartnerOrganisationsQueryOptions } from './queries';
import { useCaseCommand } from './use-case-command';

type Partner = CaseDetail['chainPartners'][number];
type PartnerDialogProps = { detail: CaseDetail; etag: string | undefined; onClose: () => void };

const enc = encodeURIComponent;
const roles = chainPartnerRoleInputSchema.options;

const messageAt = (errors: FieldErrors, path: string): string | undefined => {
  let node: unknown = errors;
  for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
};

// The directory's chain partners go into the command as "another organisation": the case knows
// only Veilig Thuis, local teams and the rest.
const asBodyOrganisation = (organisation: OrganisationListItem): RegisterChainPartnerBody['organisation'] => ({
  organisationId: organisation.organisationId,
  name: organisation.name,
  kind: 'other',
});

/**
 * "Ketenpartner toevoegen": the director chooses the organisation by name from the region's
 * directory, its role in the case and its task. Once saved, the plan offers it as an owner.
 */
export const RegisterPartnerDialog = ({ detail, etag, onClose }: PartnerDialogProps) => {
  const command = useCaseCommand(detail, etag, onClose);
  const organisations = useQuery(chainPartnerOrganisationsQueryOptions());
  const form = useForm<RegisterChainPartnerBody>({
    resolver: contractResolver(registerChainPartnerBodySchema, {
      organisation: t('partners.chooseOrganisation'),
      role: t('partners.chooseRole'),
    }) as never,
    defaultValues: { task: '' },
  });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  const chosen = form.watch('organisation');
  const involved = new Set(detail.chainPartners.filter((partner) => partner.active).map((partner) => partner.organisation.organisationId));
  return (
    <>
      <CommandFeedback command={command} detail={detail} />
      <FormShell
        idPrefix="partner"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('partners.add')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) => command.send({ path: `/cases/${enc(detail.caseId)}/chain-partners`, body }))}
      >
        {organisations.isPending ? (
          <Paragraph aria-busy="true">{t('partners.organisationsLoading')}</Paragraph>
        ) : organisations.isError ? (
          <Alert type="error">
            <Paragraph>{t('partners.organisationsFailed')}</Paragraph>
            <Button type="button" appearance="secondary-action-button" onClick={() => void organisations.refetch()}>
              {t('partners.retry')}
            </Button>
          </Alert>
        ) : (
          <Field id="partner-organisation" label={t('partners.organisation')} error={messageAt(errors, 'organisation')}>
            {(control) => (
              <Select
                {...control}
                value={chosen?.organisationId ?? ''}
                onChange={(event) => {
                  const found = organisations.data.organisations.find((o) => o.organisationId === event.target.value);
                  form.setValue('organisation', found ? asBodyOrganisation(found) : (undefined as never), { shouldValidate: isSubmitted });
                }}
              >
                <SelectOption value="">{t('partners.chooseOrganisation')}</SelectOption>
                {organisations.data.organisations.map((organisation) => (
                  <SelectOption key={organisation.organisationId} value={organisation.organisationId}>
                    {involved.has(organisation.organisationId)
                      ? `${organisation.name} ${t('partners.alreadyInvolved')}`
                      : organisation.name}
                  </SelectOption>
                ))}
              </Select>
            )}
          </Field>
        )}
        <Field id="partner-role" label={t('partners.role')} error={messageAt(errors, 'role')}>
          {(control) => (
            <Select {...control} {...form.register('role')}>
              <SelectOption value="">{t('partners.chooseRole')}</SelectOption>
              {roles.map((role) => (
                <SelectOption key={role} value={role}>
                  {t(`partnerRole.${role}`)}
                </SelectOption>
              ))}
            </Select>
          )}
        </Field>
        <TextareaField
          id="partner-task"
          label={t('partners.task')}
          description={t('partners.taskHint')}
          error={errors.task?.message}
          registration={form.register('task')}
        />
      </FormShell>
    </>
  );
};

/** "Beëindigen": the partner is no longer involved; the reason goes into the case's history. */
export const EndPartnerDialog = ({ detail, etag, onClose, partner }: PartnerDialogProps & { partner: Partner }) => {
  const command = useCaseCommand(detail, etag, onClose);
  const form = useForm<ReasonBody>({ resolver: contractResolver(reasonBodySchema), defaultValues: { reason: '' } });
  useServerFieldErrors(command, form);
  const { errors, isSubmitted } = form.formState;
  return (
    <>
      <CommandFeedback command={command} detail={detail} />
      <Paragraph>{t('partners.endBody', { organisation: partner.organisation.name })}</Paragraph>
      <FormShell
        idPrefix="end-partner"
        errors={errors}
        submitted={isSubmitted}
        pending={command.pending}
        submitLabel={t('partners.end')}
        onCancel={onClose}
        onSubmit={form.handleSubmit((body) =>
          command.send({ path: `/cases/${enc(detail.caseId)}/chain-partners/${enc(partner.partnerId)}/end`, body }),
        )}
      >
        <TextareaField
          id="end-partner-reason"
          label={t('dialog.reason')}
          error={errors.reason?.message}
          registration={form.register('reason')}
        />
      </FormShell>
    </>
  );
};
