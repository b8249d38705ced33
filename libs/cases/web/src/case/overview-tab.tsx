import type { CaseDetail } from '@ketenregie/contracts';
import { isolateDirection } from '@ketenregie/contracts';
import { formatDateTime, formatDay } from '@ketenregie/platform-web';
import {
  Alert,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading2,
  Heading3,
  Paragraph,
  SecondaryActionButton,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@ketenregie/ui';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { classificationLabel } from '../shared/labels';
import type { KnownNames } from './case-words';
import { actorLabel, happenedBy, textLabel } from './case-words';
import { t } from './i18n/t';
import { caseTextsQueryOptions } from './queries';

type Address = CaseDetail['household']['address'];
type Member = CaseDetail['household']['members'][number];

// Every part was typed: each is isolated, so a right-to-left street name or a stray override
// cannot reorder the house number and postcode beside it.
const typedParts = (parts: (string | undefined)[]): string =>
  parts
    .filter((part): part is string => Boolean(part))
    .map(isolateDirection)
    .join(' ');

const addressLine = (address: Address): string =>
  [typedParts([address.street, address.houseNumber, address.houseNumberAddition]), typedParts([address.postcode, address.city])]
    .filter(Boolean)
    .join(', ');

const memberName = (member: Member): string => typedParts([member.name.givenNames, member.name.prefix, member.name.familyName]);

// A case with a long history has hundreds of texts; the newest come first and the rest on request.
const textsPerStep = 20;

const CaseTexts = ({ detail, names }: { detail: CaseDetail; names: KnownNames }) => {
  const texts = useQuery(caseTextsQueryOptions(detail.caseId));
  const [shown, setShown] = useState(textsPerStep);
  const items = useMemo(() => {
    const all = texts.data?.items ?? [];
    return detail.asOf ? all.filter((item) => happenedBy(item.occurredAt, detail.asOf as string)) : all;
  }, [texts.data, detail.asOf]);
  if (texts.isPending) {
    return (
      <Paragraph role="status" aria-busy="true">
        {t('overview.textsLoading')}
      </Paragraph>
    );
  }
  if (texts.isError) {
    return (
      <Alert type="error">
        <Paragraph>{t('overview.textsError')}</Paragraph>
        <SecondaryActionButton type="button" onClick={() => void texts.refetch()}>
          {t('page.retry')}
        </SecondaryActionButton>
      </Alert>
    );
  }
  if (texts.data.erased) return <Paragraph>{t('overview.textsErased')}</Paragraph>;
  if (items.length === 0) return <Paragraph>{t('overview.textsEmpty')}</Paragraph>;
  return (
    <>
      <ul className="ketenregie-case-texts">
        {items.slice(0, shown).map((item) => (
          <li key={`${item.eventId}-${item.field}`}>
            <Heading3>{textLabel(item)}</Heading3>
            <Paragraph className="ketenregie-case-texts__meta">
              {t('overview.textMeta', { who: actorLabel(item.actor, names), when: formatDateTime(item.occurredAt) })}
            </Paragraph>
            <Paragraph className="ketenregie-prewrap">{item.text}</Paragraph>
          </li>
        ))}
      </ul>
      {items.length > shown ? (
        <SecondaryActionButton type="button" onClick={() => setShown((count) => count + textsPerStep)}>
          {t('overview.moreTexts', { count: Math.min(shown, items.length), total: items.length })}
        </SecondaryActionButton>
      ) : null}
    </>
  );
};

/** The family, its address and reports, and what people wrote about it (each read of that logged). */
export const OverviewTab = ({ detail, names }: { detail: CaseDetail; names: KnownNames }) => (
  <div className="ketenregie-stack">
    <section aria-labelledby="overview-household">
      <Heading2 id="overview-household">{t('overview.household')}</Heading2>
      <DataList>
        <DataListItem>
          <DataListKey>{t('overview.address')}</DataListKey>
          <DataListValue>{addressLine(detail.household.address)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('overview.municipality')}</DataListKey>
          <DataListValue>{detail.household.address.municipality}</DataListValue>
        </DataListItem>
      </DataList>
      <div className="ketenregie-table-container">
        <Table className="ketenregie-responsive-table">
          <TableCaption>{t('overview.members')}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('overview.memberName')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('overview.memberRole')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('overview.memberBirth')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {detail.household.members.map((member) => (
              <TableRow key={member.memberId}>
                <TableCell data-label={t('overview.memberName')}>{memberName(member)}</TableCell>
                <TableCell data-label={t('overview.memberRole')}>{t(`overview.role.${member.role}`)}</TableCell>
                <TableCell data-label={t('overview.memberBirth')}>
                  {member.dateOfBirth ? formatDay(member.dateOfBirth) : t('overview.birthUnknown')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
    <section aria-labelledby="overview-reports">
      <Heading2 id="overview-reports">{t('overview.reports')}</Heading2>
      {detail.reports.length === 0 ? (
        <Paragraph>{t('overview.noReports')}</Paragraph>
      ) : (
        <ul>
          {detail.reports.map((report) => (
            <li key={report.reportId}>
              {t('overview.reportLine', { classification: classificationLabel(report.classification), date: formatDay(report.receivedOn) })}
            </li>
          ))}
        </ul>
      )}
      {detail.adviceRequests > 0 ? <Paragraph>{t('overview.adviceRequests', { count: detail.adviceRequests })}</Paragraph> : null}
    </section>
    <section aria-labelledby="overview-texts">
      <Heading2 id="overview-texts">{t('overview.texts')}</Heading2>
      <Paragraph className="ketenregie-logged-note">{t('overview.logged')}</Paragraph>
      <CaseTexts detail={detail} names={names} />
    </section>
  </div>
);
