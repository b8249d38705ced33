/**
 * Waits until every read model is at the end of the log at three looks in a row, half a second
 * apart. For a test that compares reads taken at different moments while the app's own followers
 * (feedback milestones, mail delivery) may still append after the test's last command: a
 * checkpoint of that command does not cover what they write afterwards.
 */
export const settled = async (apiUrl: string): Promise<void> => {
  let quietLooks = 0;
  for (const until = Date.now() + 60_000; quietLooks < 3 && Date.now() < until;) {
    await new Promise((done) => setTimeout(done, 500));
    const ready = (await (await fetch(`${apiUrl}/health/ready`)).json()) as { projections: { lag: number }[] };
    quietLooks = ready.projections.every((projection) => projection.lag === 0) ? quietLooks + 1 : 0;
  }
};
