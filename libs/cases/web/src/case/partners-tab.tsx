import type { CaseDetail } from '@ketenregie/contracts';
import { Paragraph, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@ketenregie/ui';
import { t } from './i18n/t';

/** The organisations working on the case and their part in it. */
export const PartnersTab = ({ detail }: { detail: CaseDetail }) =>
  detail.chainPartners.length === 0 ? (
    <Paragraph>{t('partners.empty')}</Paragraph>
  ) : (
    <div className="ketenregie-table-container">
      <Table className="ketenregie-responsive-table">
        <TableCaption>{t('partners.caption')}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('partners.organisation')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('partners.role')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('partners.state')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {detail.chainPartners.map((partner) => (
            <TableRow key={partner.partnerId}>
              <TableCell data-label={t('partners.organisation')}>{partner.organisation.name}</TableCell>
              <TableCell data-label={t('partners.role')}>{t(`partnerRole.${partner.role}`)}</TableCell>
              <TableCell data-label={t('partners.state')}>{partner.active ? t('partners.active') : t('partners.ended')}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
