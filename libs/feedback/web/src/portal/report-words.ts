import type { PortalReport } from '@ketenregie/contracts';

type Message = PortalReport['messages'][number];

/**
 * A message's text as paragraphs of lines, as it was mailed: an empty line starts a new
 * paragraph, a single line break stays a line break. Rendered as text, never as markup.
 */
export const paragraphsOf = (text: string): string[][] =>
  text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.split('\n').map((line) => line.trimEnd()))
    .map((lines) => {
      while (lines.length > 0 && lines[0] === '') lines.shift();
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      return lines;
    })
    .filter((lines) => lines.length > 0);

/** Newest first: the latest news on top, the way a referrer reads a thread of updates. */
export const messagesNewestFirst = (messages: readonly Message[]): Message[] =>
  [...messages].sort((a, b) => (a.sentAt < b.sentAt ? 1 : a.sentAt > b.sentAt ? -1 : 0));

export const newestMessage = (report: PortalReport): Message | undefined => messagesNewestFirst(report.messages)[0];

const latestAt = (report: PortalReport): string => newestMessage(report)?.sentAt ?? '';

/**
 * The list order: the most recently reported first; on the same day the one with the latest news,
 * then by reference, so the order never changes between two reads.
 */
export const reportsNewestFirst = (reports: readonly PortalReport[]): PortalReport[] =>
  [...reports].sort((a, b) => {
    if (a.receivedOn !== b.receivedOn) return a.receivedOn < b.receivedOn ? 1 : -1;
    const [latestA, latestB] = [latestAt(a), latestAt(b)];
    if (latestA !== latestB) return latestA < latestB ? 1 : -1;
    return a.reference.localeCompare(b.reference);
  });
