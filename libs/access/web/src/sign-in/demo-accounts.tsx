import type { DemoAccountEntry } from '@ketenregie/contracts';
import { sessionQueryKey, signIn } from '@ketenregie/platform-web';
import {
  Alert,
  Heading2,
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
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { t } from '../i18n/t';
import { demoAccountsQueryOptions } from './sign-in-queries';

/**
 * The demo region's invented accounts, one per role, so a newcomer can try each role without
 * reading the server log. Rendered only when the server says the demo region is on.
 */
export const DemoAccounts = ({ onSignedIn }: { onSignedIn: () => void }) => {
  const { data } = useQuery(demoAccountsQueryOptions());
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (account: DemoAccountEntry) => signIn({ username: account.username, password: account.password }),
    onSuccess: (session) => {
      queryClient.setQueryData(sessionQueryKey, session);
      onSignedIn();
    },
  });
  if (!data || data.accounts.length === 0) return null;
  const pending = mutation.isPending ? mutation.variables : undefined;
  return (
    <section aria-labelledby="demo-accounts-title" className="ketenregie-surface ketenregie-demo-accounts">
      <Heading2 id="demo-accounts-title">
        {t('demo.title')} <span className="ketenregie-demo-marker">{t('demo.marker')}</span>
      </Heading2>
      <Paragraph>{t('demo.intro')}</Paragraph>
      {mutation.isError ? (
        <Alert type="error">
          <Paragraph>{t('signIn.failed', { code: 'demo' })}</Paragraph>
        </Alert>
      ) : null}
      <div className="ketenregie-table-container">
        <Table className="ketenregie-responsive-table">
          <TableCaption>{t('demo.caption')}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('demo.name')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('demo.role')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('demo.organisation')}</TableHeaderCell>
              <TableHeaderCell scope="col">
                <span className="ketenregie-visually-hidden">{t('signIn.submit')}</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.accounts.map((account) => (
              <TableRow key={account.username}>
                <TableHeaderCell scope="row">{account.displayName}</TableHeaderCell>
                <TableCell data-label={t('demo.role')}>{t(`role.${account.role}`)}</TableCell>
                <TableCell data-label={t('demo.organisation')}>{account.organisation.name}</TableCell>
                <TableCell>
                  <SecondaryActionButton
                    type="button"
                    busy={pending?.username === account.username}
                    aria-disabled={mutation.isPending || undefined}
                    onClick={() => {
                      if (!mutation.isPending) mutation.mutate(account);
                    }}
                  >
                    {pending?.username === account.username
                      ? t('demo.busy', { name: account.displayName })
                      : t('demo.signInAs', { name: account.displayName })}
                  </SecondaryActionButton>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
};
