import { ApiError } from '@ketenregie/platform-web';
import type { PortalLinkRedemption } from '@ketenregie/contracts';
import { redeemPortalLinkOnce } from './link-redemption';

const answer: PortalLinkRedemption = { reportId: 'r-1', expiresAt: '2026-03-02T10:00:00Z' };

describe('redeeming a single-use portal link', () => {
  it('posts once per token, however often the page asks (a mounting effect runs twice in StrictMode)', async () => {
    const redeem = jest.fn(() => Promise.resolve(answer));
    const first = redeemPortalLinkOnce('token-a', redeem);
    const second = redeemPortalLinkOnce('token-a', redeem);
    expect(second).toBe(first);
    await expect(second).resolves.toEqual(answer);
    await expect(redeemPortalLinkOnce('token-a', redeem)).resolves.toEqual(answer);
    expect(redeem).toHaveBeenCalledTimes(1);
    await redeemPortalLinkOnce('token-b', redeem);
    expect(redeem).toHaveBeenCalledTimes(2);
  });

  it('keeps a refusal: asking again would not bring the link back', async () => {
    const redeem = jest.fn(() => Promise.reject(new ApiError(410, undefined)));
    await expect(redeemPortalLinkOnce('token-gone', redeem)).rejects.toMatchObject({ status: 410 });
    await expect(redeemPortalLinkOnce('token-gone', redeem)).rejects.toMatchObject({ status: 410 });
    expect(redeem).toHaveBeenCalledTimes(1);
  });

  it('lets the user try again after a fault on the way', async () => {
    const redeem = jest
      .fn<Promise<PortalLinkRedemption>, [string]>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(answer);
    await expect(redeemPortalLinkOnce('token-net', redeem)).rejects.toThrow('Failed to fetch');
    await expect(redeemPortalLinkOnce('token-net', redeem)).resolves.toEqual(answer);
    expect(redeem).toHaveBeenCalledTimes(2);
  });
});
