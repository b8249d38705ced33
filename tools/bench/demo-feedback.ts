import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { feedbackTimeliness } from '@ketenregie/feedback-domain';
import { toAmsterdamDate } from '@ketenregie/kernel';
import { startBenchServer } from './bench-postgres-server';
import { demoScaleArgument, loadDemoRegion, log, query } from './demo-load';

// Feedback to the demo region's referrers in its year: loads the demo region through the real API
// process into a fresh database (the demo year's milestones queue their feedback through the same
// path the milestone processor takes), then counts from the stored feedback events how many
// milestones' feedback went out on time, by milestone kind and in total. Writes
// bench/results/demo-feedback.json. Usage: npm run demo:feedback [-- --scale 0.25]
//
// On time is the feedback rules' own (`feedbackTimeliness`): went out on or before the day it was
// due. A mail went out when the receiving server accepted it; a refused or failed mail did not go
// out; a message for the portal or a phone call went out when it was queued. Milestones without a
// legal deadline (received, handed over, closed) count as due on the day they happened. Beside
// it, the assessment's feedback against the assessment's own legal deadline: what a referrer
// waits for when the assessment itself is late.

const root = resolve(__dirname, '../..');
const scale = demoScaleArgument();

type Queued = {
  messageId: string;
  caseId: string;
  reportId: string;
  milestone: string;
  channel: string;
  dueOn: string | null;
  queuedAt: string;
};
type Settled = { messageId: string; at: string };
type Tally = { milestones: number; onTime: number; late: number; notSent: number; share: number };

const emptyTally = (): Tally => ({ milestones: 0, onTime: 0, late: 0, notSent: 0, share: 0 });

const tallyFeedback = (
  queued: readonly Queued[],
  outcomes: ReadonlyMap<string, { type: string; at: string }>,
  lateAssessments: ReadonlySet<string>,
  assessmentOfReport: ReadonlyMap<string, string>,
  now: string,
) => {
  const byKind: Record<string, Tally> = {};
  const total = emptyTally();
  const legal = emptyTally();
  for (const message of queued) {
    const outcome = outcomes.get(message.messageId);
    const sentAt =
      message.channel === 'email' ? (outcome?.type === 'feedback.message-delivered' ? outcome.at : undefined) : message.queuedAt;
    const dueOn = message.dueOn ?? toAmsterdamDate(new Date(message.queuedAt));
    const timeliness = feedbackTimeliness(dueOn, sentAt, now);
    for (const tally of [(byKind[message.milestone] ??= emptyTally()), total]) {
      tally.milestones += 1;
      if (timeliness === 'on-time') tally.onTime += 1;
      else if (timeliness === 'late') tally.late += 1;
      else tally.notSent += 1;
    }
    if (message.milestone === 'safety-assessment-done') {
      legal.milestones += 1;
      const assessment = assessmentOfReport.get(`${message.caseId}/${message.reportId}`);
      if (timeliness === 'on-time' && !(assessment && lateAssessments.has(`${message.caseId}/${assessment}`))) legal.onTime += 1;
      else if (sentAt) legal.late += 1;
      else legal.notSent += 1;
    }
  }
  for (const tally of [...Object.values(byKind), total, legal]) tally.share = tally.milestones ? tally.onTime / tally.milestones : 0;
  return { byKind, total, assessmentWithinLegalDeadline: legal };
};

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

const main = async (): Promise<void> => {
  const server = await startBenchServer(log);
  try {
    const databaseUrl = await server.createDatabase('demo_feedback');
    const { loadedMs, projectedMs } = await loadDemoRegion(databaseUrl, scale, 6);

    const events = 'event_store.es_events';
    const queued = (
      await query<{ data: Queued }>(databaseUrl, `select data from ${events} where event_type = 'feedback.message-queued'`)
    ).map((row) => row.data);
    const outcomes = new Map(
      (
        await query<{ event_type: string; data: Settled }>(
          databaseUrl,
          `select event_type, data from ${events} where event_type in ('feedback.message-delivered', 'feedback.message-refused', 'feedback.message-failed')`,
        )
      ).map((row) => [row.data.messageId, { type: row.event_type, at: row.data.at }]),
    );
    const lateAssessments = new Set(
      (
        await query<{ stream_id: string; assessment_id: string }>(
          databaseUrl,
          `select stream_id, data->>'assessmentId' as assessment_id from ${events} where event_type = 'cases.safety-assessment-overdue'`,
        )
      ).map((row) => `${row.stream_id.replace(/^case-/, '')}/${row.assessment_id}`),
    );
    const assessmentOfReport = new Map(
      (
        await query<{ stream_id: string; report_id: string; assessment_id: string }>(
          databaseUrl,
          `select stream_id, data->>'reportId' as report_id, data->>'assessmentId' as assessment_id from ${events} where event_type = 'cases.report-received'`,
        )
      ).map((row) => [`${row.stream_id.replace(/^case-/, '')}/${row.report_id}`, row.assessment_id]),
    );
    const [marker] = await query<{ data: { endsAt: string } }>(
      databaseUrl,
      `select data from ${events} where stream_id = 'demo-region' order by stream_revision limit 1`,
    );
    const figures = tallyFeedback(queued, outcomes, lateAssessments, assessmentOfReport, marker.data.endsAt);

    log('');
    log(`feedback to referrers in the demo region's year (scale ${scale}): ${queued.length} messages`);
    for (const [kind, tally] of Object.entries(figures.byKind).sort()) {
      log(
        `${kind.padEnd(24)} ${String(tally.milestones).padStart(6)}  on time ${percent(tally.share).padStart(7)}  (late ${tally.late}, not sent ${tally.notSent})`,
      );
    }
    log(`${'total'.padEnd(24)} ${String(figures.total.milestones).padStart(6)}  on time ${percent(figures.total.share).padStart(7)}`);
    const legal = figures.assessmentWithinLegalDeadline;
    log(`assessment feedback within the assessment's legal deadline: ${percent(legal.share)} of ${legal.milestones}`);

    const result = {
      benchmark: 'demo-feedback',
      date: new Date().toISOString(),
      cores: cpus().length,
      scale,
      source: 'stored feedback events of a demo region loaded through the API',
      loadSeconds: Math.round(loadedMs / 1000),
      loadAndProjectSeconds: Math.round(projectedMs / 1000),
      messages: queued.length,
      ...figures,
    };
    await mkdir(join(root, 'bench/results'), { recursive: true });
    await writeFile(join(root, 'bench/results/demo-feedback.json'), `${JSON.stringify(result, null, 2)}\n`);
    log('wrote bench/results/demo-feedback.json');
  } finally {
    await server.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
