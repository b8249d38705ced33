import type { CaseCommandResult, CaseDetail } from '@ketenregie/contracts';
import { caseCommandResultSchema } from '@ketenregie/contracts';
import { api, ApiError, rememberCheckpoint, sendJson, useIdempotencyKey } from '@ketenregie/platform-web';
import type { SeenState } from './command-outcome';
import { ifMatchFor, versionOfEtag } from './command-outcome';
import { useAnnounce } from '@ketenregie/ui';
import type { QueryKey } from '@tanstack/react-query';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { caseKeys } from '../../shared/query-keys';
import { t } from './i18n/t';

/** A command as the dialog sends it: the path under `/api/v1` and the body its schema accepted. */
export type CommandRequest = { path: string; body: unknown };

/**
 * What a command acts on: the case page's whole detail, or a row of another page (the rappel
 * planner, a partner's task list) that knows only the case and the version it was read at.
 */
export type CommandSubject = CaseDetail | { caseId: string; version: number };

export type Conflict = { seen: SeenState | undefined; request: CommandRequest; currentVersion: number | undefined };

export type CaseCommandOptions = {
  /**
   * Send the version the user saw as `If-Match` (the default): the decision was made on that state.
   * Off for what does not depend on the case's state, such as a partner's signal.
   */
  pinVersion?: boolean;
  /** Reads of the page itself to refresh after success and after a 412, besides the case and the worklists. */
  refresh?: readonly QueryKey[];
  /** What the polite live region says after success; "Opgeslagen" unless the page says more. */
  announcement?: (result: CaseCommandResult, request: CommandRequest) => string;
};

const isDetail = (subject: CommandSubject): subject is CaseDetail => 'plan' in subject;

const seenOf = (subject: CommandSubject): SeenState | undefined =>
  isDetail(subject)
    ? {
        version: subject.version,
        status: subject.status,
        phase: subject.phase,
        director: subject.director,
        pendingHandover: subject.pendingHandover,
        plan: subject.plan,
        rappels: subject.rappels,
      }
    : undefined;

/**
 * Sends one case command as the dialog's user decided it: on the version they saw (`If-Match`), at
 * most once (one Idempotency-Key per decision, reused on a retry after a network or server fault),
 * and afterwards reads their own write (checkpoint) and refreshes the case and the worklists.
 * A 412 keeps the request so it can be sent again, knowingly, on the new version.
 */
export const useCaseCommand = (
  subject: CommandSubject,
  etag: string | undefined,
  onDone: (result: CaseCommandResult, request: CommandRequest) => void,
  options: CaseCommandOptions = {},
) => {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const idempotency = useIdempotencyKey();
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const seenAtSend = useRef<SeenState | undefined>(seenOf(subject));
  const { pinVersion = true, refresh = [], announcement } = options;
  const { caseId } = subject;

  // The page's own keys may be new arrays on each render: read the latest ones when refreshing.
  const refreshKeys = useRef(refresh);
  refreshKeys.current = refresh;
  const refreshAll = useCallback(
    (withWorklists: boolean) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKeys.case(caseId) }),
        ...(withWorklists ? [queryClient.invalidateQueries({ queryKey: caseKeys.worklists() })] : []),
        ...refreshKeys.current.map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ]),
    [queryClient, caseId],
  );

  const mutation = useMutation({
    mutationFn: ({ request, ifMatch }: { request: CommandRequest; ifMatch: string | undefined }) =>
      sendJson({
        path: api(request.path),
        body: request.body,
        schema: caseCommandResultSchema,
        idempotencyKey: idempotency.key(),
        ifMatch,
      }),
    onSuccess: async (result, { request }) => {
      rememberCheckpoint(result.checkpoint);
      idempotency.renew();
      setConflict(undefined);
      await refreshAll(true);
      announce(announcement ? announcement(result, request) : t('dialog.saved'));
      onDone(result, request);
    },
    onError: (error, { request }) => {
      if (error instanceof ApiError && error.status === 412) {
        // Another decision now; the redo is a new one on the new version, so it gets a new key.
        idempotency.renew();
        setConflict({ seen: seenAtSend.current, request, currentVersion: versionOfEtag(error.etag) });
        void refreshAll(false);
      } else if (error instanceof ApiError && error.status < 500 && error.status !== 401) {
        // The server refused this input; a corrected one is a new request.
        idempotency.renew();
      }
    },
  });

  // The projection may still be a moment behind the version the 412 named: ask again until it caught up.
  const behind = conflict?.currentVersion !== undefined && subject.version < conflict.currentVersion;
  useEffect(() => {
    if (!behind) return;
    const timer = setInterval(() => void refreshAll(false), 400);
    return () => clearInterval(timer);
  }, [behind, refreshAll]);

  // After a 412 the user has been shown the new state: what they send next goes on the newest version known.
  const versionToPin = (): string | undefined =>
    ifMatchFor({ pinVersion, subjectVersion: subject.version, etag, conflictVersion: conflict?.currentVersion });

  const send = (request: CommandRequest) => {
    seenAtSend.current = seenOf(subject);
    mutation.reset();
    mutation.mutate({ request, ifMatch: versionToPin() });
  };

  const redo = () => {
    if (!conflict) return;
    const newest = Math.max(subject.version, conflict.currentVersion ?? subject.version);
    seenAtSend.current = seenOf(subject);
    setConflict(undefined);
    mutation.reset();
    mutation.mutate({ request: conflict.request, ifMatch: pinVersion ? `"${newest}"` : undefined });
  };

  const failure = mutation.error && !(mutation.error instanceof ApiError && mutation.error.status === 412) ? mutation.error : undefined;
  return { send, redo, conflict, conflictLoading: behind, failure, pending: mutation.isPending };
};

export type CaseCommand = ReturnType<typeof useCaseCommand>;
