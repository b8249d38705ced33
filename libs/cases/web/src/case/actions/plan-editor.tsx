import type { CaseDetail } from '@ketenregie/contracts';
import { formatDay } from '@ketenregie/platform-web';
import { Heading2, Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@ketenregie/ui';
import { t } from '../i18n/t';

export type PlanEditorProps = { detail: CaseDetail; etag: string | undefined; readOnly: boolean };

type Owner = CaseDetail['plan']['safetyConditions'][number]['owner'];
type Part = CaseDetail['plan']['parts']['safety'];

const ownerLabel = (owner: Owner): string => (owner.person ? `${owner.person.name} (${owner.organisation.name})` : owner.organisation.name);

const Agreements = ({ part, name }: { part: Part; name: string }) =>
  part.agreements.length === 0 ? (
    <Paragraph>{t('plan.noAgreements')}</Paragraph>
  ) : (
    <div className="ketenregie-table-container">
      <Table className="ketenregie-responsive-table">
        <TableCaption>{t('plan.agreements', { part: name })}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('plan.agreement')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('plan.owner')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('plan.due')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {part.agreements.map((agreement) => (
            <TableRow key={agreement.agreementId}>
              <TableCell data-label={t('plan.agreement')}>{agreement.text}</TableCell>
              <TableCell data-label={t('plan.owner')}>{ownerLabel(agreement.owner)}</TableCell>
              <TableCell data-label={t('plan.due')}>{agreement.dueOn ? formatDay(agreement.dueOn) : t('plan.noDue')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );

const Description = ({ part }: { part: Part }) => (
  <Paragraph className="ketenregie-prewrap">{part.description === '' ? t('plan.noDescription') : part.description}</Paragraph>
);

/** The one plan in its three parts, safety conditions first: who owns each, by when, and where it stands. */
export const PlanEditor = ({ detail }: PlanEditorProps) => {
  const { plan } = detail;
  return (
    <div className="ketenregie-stack">
      <section aria-labelledby="plan-safety">
        <Heading2 id="plan-safety">{t('plan.safety')}</Heading2>
        <Description part={plan.parts.safety} />
        {plan.safetyConditions.length === 0 ? (
          <Paragraph>{t('plan.noConditions')}</Paragraph>
        ) : (
          <div className="ketenregie-table-container">
            <Table className="ketenregie-responsive-table">
              <TableCaption>{t('plan.conditions')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('plan.condition')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('plan.owner')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('plan.due')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('plan.status')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {plan.safetyConditions.map((condition) => (
                  <TableRow key={condition.conditionId}>
                    <TableCell data-label={t('plan.condition')}>{condition.text}</TableCell>
                    <TableCell data-label={t('plan.owner')}>{ownerLabel(condition.owner)}</TableCell>
                    <TableCell data-label={t('plan.due')}>{formatDay(condition.dueOn)}</TableCell>
                    <TableCell data-label={t('plan.status')}>{t(`plan.status.${condition.status}`)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
        <Agreements part={plan.parts.safety} name={t('plan.safety')} />
      </section>
      <section aria-labelledby="plan-aid">
        <Heading2 id="plan-aid">{t('plan.aid')}</Heading2>
        <Description part={plan.parts.aid} />
        <Agreements part={plan.parts.aid} name={t('plan.aid')} />
      </section>
      <section aria-labelledby="plan-recovery">
        <Heading2 id="plan-recovery">{t('plan.recovery')}</Heading2>
        <Description part={plan.parts.recovery} />
        <Agreements part={plan.parts.recovery} name={t('plan.recovery')} />
      </section>
    </div>
  );
};
