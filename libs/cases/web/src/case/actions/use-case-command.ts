import type { CaseDetail } from '@ketenregie/contracts';
import { caseCommandResultSchema } from '@ketenregie/contracts';
import { api, ApiError, rememberCheckpoint, sendJson, useIdempotencyKey } from '@ketenregie/platform-web';
import type { SeenState } from './command-outcome';
import { versionOfEtag } from './command-outcome';
import { useAnnounce } from '@ketenregie/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { caseKeys } from '../../shared/query-keys';
import { t } from './i18n/t';

/** A command as the dialog sends it: the path under `/api/v1` and the body its schema accepted. */
export type CommandRequest = { path: string; body: unknown };

export type Conflict = { seen: SeenState; request: CommandRequest; currentVersion: number | undefined };

const seenOf = (detail: CaseDetail): SeenState => ({
  version: detail.version,
  status: detail.status,
  phase: detail.phase,
  director: detail.director,
  pendingHandover: detail.pendingHandover,
  plan: detail.plan,
  rappels: detail.rappels,
});

/**
 * Sends one case command as the dialog's user decided it: on the version they saw (`If-Match`), at
 * most once (one Idempotency-Key per decision, reused on a retry after a network or server fault),
 * and afterwards reads their own write (checkpoint) and refreshes the case and the worklists.
 * A 412 keeps the request so it can be sent again, knowingly, on the new version.
 */
export const useCaseCommand = (detail: CaseDetail, etag: string | undefined, onDone: () => void) => {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const idempotency = useIdempotencyKey();
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const seenAtSend = useRef<SeenState>(seenOf(detail));

  const mutation = useMutation({
    mutationFn: ({ request, ifMatch }: { request: CommandRequest; ifMatch: string | undefined }) =>
      sendJson({
        path: api(request.path),
        body: request.body,
        schema: caseCommandResultSchema,
        idempotencyKey: idempotency.key(),
        ifMatch,
      }),
    onSuccess: async (result) => {
      rememberCheckpoint(result.checkpoint);
      idempotency.renew();
      setConflict(undefined);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKeys.case(detail.caseId) }),
        queryClient.invalidateQueries({ queryKey: caseKeys.worklists() }),
      ]);
      announce(t('dialog.saved'));
      onDone();
    },
    onError: (error, { request }) => {
      if (error instanceof ApiError && error.status === 412) {
        // Another decision now; the redo is a new one on the new version, so it gets a new key.
        idempotency.renew();
        setConflict({ seen: seenAtSend.current, request, currentVersion: versionOfEtag(error.etag) });
        void queryClient.invalidateQueries({ queryKey: caseKeys.case(detail.caseId) });
      } else if (error instanceof ApiError && error.status < 500 && error.status !== 401) {
        // The server refused this input; a corrected one is a new request.
        idempotency.renew();
      }
    },
  });

  // The projection may still be a moment behind the version the 412 named: ask again until it caught up.
  const behind = conflict?.currentVersion !== undefined && detail.version < conflict.currentVersion;
  useEffect(() => {
    if (!behind) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: caseKeys.case(detail.caseId) }), 400);
    return () => clearInterval(timer);
  }, [behind, queryClient, detail.caseId]);

  const send = useCallback(
    (request: CommandRequest) => {
      seenAtSend.current = seenOf(detail);
      mutation.reset();
      mutation.mutate({ request, ifMatch: etag ?? `"${detail.version}"` });
    },
    [detail, etag, mutation],
  );

  const redo = useCallback(() => {
    if (!conflict) return;
    const newest = Math.max(detail.version, conflict.currentVersion ?? detail.version);
    seenAtSend.current = seenOf(detail);
    setConflict(undefined);
    mutation.reset();
    mutation.mutate({ request: conflict.request, ifMatch: `"${newest}"` });
  }, [conflict, detail, mutation]);

  const failure = mutation.error && !(mutation.error instanceof ApiError && mutation.error.status === 412) ? mutation.error : undefined;
  return { send, redo, conflict, conflictLoading: behind, failure, pending: mutation.isPending };
};

export type CaseCommand = ReturnType<typeof useCaseCommand>;
