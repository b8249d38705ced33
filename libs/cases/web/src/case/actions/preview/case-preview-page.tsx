import { caseDetailSchema } from '@ketenregie/contracts';
import { api, ApiError, getJsonWithEtag, lastCheckpoint, usePageTitle } from '@ketenregie/platform-web';
import { Alert, Button, Heading1, Paragraph } from '@ketenregie/ui';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { caseKeys } from '../../../shared/query-keys';
import { directorLabel, phaseLabel, receiverLabel, statusLabel } from '../../../shared/labels';
import { CaseActions } from '../case-actions';
import { PlanEditor } from '../plan-editor';

// A stand-in for the case page while that page is built: the family, status and director as the
// header will show them, and the actions and plan. The real page replaces this route.

const detailQuery = (caseId: string) =>
  queryOptions({
    queryKey: caseKeys.detail(caseId),
    queryFn: ({ signal }) =>
      getJsonWithEtag(api(`/cases/${encodeURIComponent(caseId)}`), caseDetailSchema, { signal, query: { after: lastCheckpoint() } }),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });

export const CasePreviewPage = () => {
  const { caseId = '' } = useParams();
  const query = useQuery(detailQuery(caseId));
  const detail = query.data?.data;
  usePageTitle(detail ? `Casus ${detail.familyLabel}` : 'Casus');
  if (query.isPending) return <Paragraph aria-busy="true">Casus laden…</Paragraph>;
  if (query.isError || !detail)
    return (
      <Alert type="error">
        <Paragraph>Deze casus bestaat niet of u hebt er geen toegang toe.</Paragraph>
        <Button type="button" onClick={() => void query.refetch()}>
          Opnieuw proberen
        </Button>
      </Alert>
    );
  return (
    <div className="ketenregie-stack">
      <div className="ketenregie-surface">
        <Heading1>{detail.familyLabel}</Heading1>
        <Paragraph>
          Status: {statusLabel(detail.status)} · Fase: {phaseLabel(detail.phase)}
        </Paragraph>
        <Paragraph>Regisseur: {directorLabel(detail.director)}</Paragraph>
        {detail.pendingHandover ? (
          <Paragraph>
            {detail.pendingHandover.from.person.name} blijft regisseur tot acceptatie door {receiverLabel(detail.pendingHandover.to)}
          </Paragraph>
        ) : null}
      </div>
      <div className="ketenregie-surface">
        <CaseActions detail={detail} etag={query.data.etag} readOnly={detail.asOf !== undefined} />
      </div>
      <div className="ketenregie-surface">
        <PlanEditor detail={detail} etag={query.data.etag} readOnly={detail.asOf !== undefined} />
      </div>
    </div>
  );
};
