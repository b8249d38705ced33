import type { CaseAction, CaseDetail } from '@ketenregie/contracts';
import {
  Button,
  Dialog,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@ketenregie/ui';
import { useState } from 'react';
import { EndPartnerDialog, RegisterPartnerDialog } from './actions/partner-dialogs';
import { t as actionsT } from './actions/i18n/t';
import { t } from './i18n/t';

type Partner = CaseDetail['chainPartners'][number];
type Editing = { kind: 'register' } | { kind: 'end'; partner: Partner };

export type PartnersTabProps = { detail: CaseDetail; etag: string | undefined; readOnly: boolean };

const endActionOf = (actions: readonly CaseAction[], partnerId: string): CaseAction | undefined =>
  actions.find((action) => action.action === 'end-chain-partner' && action.target?.partnerId === partnerId);

/**
 * The organisations working on the case and their part in it. The director involves a new one
 * ("Ketenpartner toevoegen") and ends one ("Beëindigen") here; anyone else reads why they cannot.
 */
export const PartnersTab = ({ detail, etag, readOnly }: PartnersTabProps) => {
  const [editing, setEditing] = useState<Editing | undefined>();
  const actions = readOnly ? [] : detail.actions;
  const register = actions.find((action) => action.action === 'register-chain-partner');
  const canEnd = detail.chainPartners.some((partner) => endActionOf(actions, partner.partnerId)?.allowed);
  const close = () => setEditing(undefined);
  return (
    <div className="ketenregie-stack">
      {detail.chainPartners.length === 0 ? (
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
                {canEnd ? <TableHeaderCell scope="col">{t('partners.actions')}</TableHeaderCell> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {detail.chainPartners.map((partner) => (
                <TableRow key={partner.partnerId}>
                  <TableCell data-label={t('partners.organisation')}>{partner.organisation.name}</TableCell>
                  <TableCell data-label={t('partners.role')}>{t(`partnerRole.${partner.role}`)}</TableCell>
                  <TableCell data-label={t('partners.state')}>{partner.active ? t('partners.active') : t('partners.ended')}</TableCell>
                  {canEnd ? (
                    <TableCell data-label={t('partners.actions')}>
                      {endActionOf(actions, partner.partnerId)?.allowed ? (
                        <Button
                          type="button"
                          appearance="secondary-action-button"
                          aria-label={`${actionsT('partners.end')}: ${partner.organisation.name}`}
                          onClick={() => setEditing({ kind: 'end', partner })}
                        >
                          {actionsT('partners.end')}
                        </Button>
                      ) : null}
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {register?.allowed ? (
        <div>
          <Button type="button" appearance="secondary-action-button" onClick={() => setEditing({ kind: 'register' })}>
            {actionsT('partners.add')}
          </Button>
        </div>
      ) : null}
      {register && !register.allowed ? <Paragraph>{actionsT('partners.unavailable', { reason: register.reason })}</Paragraph> : null}
      <Dialog
        open={editing !== undefined}
        title={editing?.kind === 'end' ? actionsT('partners.endTitle') : actionsT('partners.add')}
        onClose={close}
      >
        {editing?.kind === 'register' ? <RegisterPartnerDialog detail={detail} etag={etag} onClose={close} /> : null}
        {editing?.kind === 'end' ? <EndPartnerDialog detail={detail} etag={etag} onClose={close} partner={editing.partner} /> : null}
      </Dialog>
    </div>
  );
};
