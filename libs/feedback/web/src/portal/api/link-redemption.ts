import type { QueryClient } from '@tanstack/react-query';
import { mutationOptions } from '@tanstack/react-query';
import type { PortalLinkRedemption } from '@ketenregie/contracts';
import { portalLinkRedemptionSchema } from '@ketenregie/contracts';
import { api, ApiError, sendJson } from '@ketenregie/platform-web';
import { portalKeys } from '../query-keys';

/** `POST /referrer-portal/link-redemptions`: uses the e-mail's single-use link up for a portal session. */
export const redeemPortalLink = (token: string): Promise<PortalLinkRedemption> =>
  sendJson({ path: api('/referrer-portal/link-redemptions'), body: { token }, schema: portalLinkRedemptionSchema });

// One redemption per token for the life of the page. React runs a mounting effect twice in
// development (StrictMode) and a remount may run it again: a second POST would use the link up
// and answer 410, so every caller with the same token gets the first call's answer.
const redemptions = new Map<string, Promise<PortalLinkRedemption>>();

export const redeemPortalLinkOnce = (
  token: string,
  redeem: (token: string) => Promise<PortalLinkRedemption> = redeemPortalLink,
): Promise<PortalLinkRedemption> => {
  const known = redemptions.get(token);
  if (known) return known;
  const started = redeem(token);
  redemptions.set(token, started);
  // A refusal (410) is final; a fault on the way (network, 5xx) may be tried again by the user.
  started.catch((error: unknown) => {
    if (!(error instanceof ApiError) || error.status >= 500) redemptions.delete(token);
  });
  return started;
};

/** The redemption as a mutation: the new portal session may see other reports, so all portal reads are refreshed. */
export const portalLinkRedemptionMutationOptions = (queryClient: QueryClient) =>
  mutationOptions<PortalLinkRedemption, unknown, string>({
    mutationFn: (token) => redeemPortalLinkOnce(token),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: portalKeys.all }),
  });
