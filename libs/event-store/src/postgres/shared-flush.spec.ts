import { sharedFlush } from './shared-flush';

/** A flush that finishes when the test says so; records when each was sent. */
const controlledFlush = () => {
  const sent: { done: () => void; fail: (error: Error) => void }[] = [];
  const flush = () =>
    new Promise<void>((resolve, reject) => {
      sent.push({ done: resolve, fail: reject });
    });
  return { sent, flush };
};

const settled = async (promise: Promise<void>): Promise<'resolved' | 'pending' | 'rejected'> => {
  let state: 'resolved' | 'pending' | 'rejected' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return state;
};

describe('sharedFlush', () => {
  it('sends a flush at once when none is under way', async () => {
    const { sent, flush } = controlledFlush();
    const shared = sharedFlush(flush);
    const first = shared();
    expect(sent).toHaveLength(1);
    sent[0].done();
    expect(await settled(first)).toBe('resolved');
  });

  it('lets a caller that comes during a flush wait for the next one, sent after it came, and shares that one', async () => {
    const { sent, flush } = controlledFlush();
    const shared = sharedFlush(flush);
    const first = shared();
    const second = shared();
    const third = shared();
    // Only the one under way was sent: the two latecomers wait for one more, together.
    expect(sent).toHaveLength(1);
    sent[0].done();
    expect(await settled(first)).toBe('resolved');
    expect(await settled(second)).toBe('pending');
    expect(sent).toHaveLength(2);
    sent[1].done();
    expect(await settled(second)).toBe('resolved');
    expect(await settled(third)).toBe('resolved');
    expect(sent).toHaveLength(2);
  });

  it('fails only the callers of a failed flush; those waiting for the next get their own', async () => {
    const { sent, flush } = controlledFlush();
    const shared = sharedFlush(flush);
    const first = shared();
    const second = shared();
    sent[0].fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    expect(await settled(second)).toBe('pending');
    sent[1].done();
    expect(await settled(second)).toBe('resolved');
  });
});
