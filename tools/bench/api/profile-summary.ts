import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';

/** A phase of the run, in ms since the API process was spawned. */
export type ProfileWindow = { key: string; label: string; fromMs: number; toMs: number };

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

export type Share = { name: string; ms: number; percent: number };

export type PhaseProfile = {
  key: string;
  label: string;
  sampledMs: number;
  /** Self time by package or source file: where the CPU was actually spent. */
  selfByOwner: Share[];
  /** Self time by function. */
  selfByFunction: Share[];
  /** Time with a function of our own code anywhere on the (synchronous) stack. */
  inclusiveOwnCode: Share[];
  /**
   * Self time charged to the nearest file of our own code on the stack (a library's time to the
   * file that called it); samples without own code stay with their package (HTTP parsing, GC...).
   */
  byNearestOwnFile: Share[];
};

const root = resolve(__dirname, '../../..');

const ownerOf = (frame: CallFrame): string => {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.startsWith('node:internal/') ? `node:${url.split('/')[1]}` : url;
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = path.slice(modules + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  return relative(root, path);
};

const isOwnCode = (frame: CallFrame): boolean => {
  const owner = ownerOf(frame);
  return owner.startsWith('libs/') || owner.startsWith('apps/');
};

const functionOf = (frame: CallFrame): string =>
  `${frame.functionName || '(anonymous)'} ${ownerOf(frame)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;

const top = (totals: Map<string, number>, sampledMs: number, count: number): Share[] =>
  [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: Math.round((ms / sampledMs) * 1000) / 10 }));

const add = (totals: Map<string, number>, key: string, ms: number): void => {
  totals.set(key, (totals.get(key) ?? 0) + ms);
};

/**
 * Where the API process spent its CPU in each phase, from a `--cpu-prof` profile. Phases are
 * matched by time since the process started; the profile starts a few ms after the spawn, which
 * is far below the length of a phase.
 */
export const summariseProfile = async (file: string, windows: ProfileWindow[]): Promise<{ text: string; phases: PhaseProfile[] }> => {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

  const phases: PhaseProfile[] = windows.map((window) => {
    const selfByOwner = new Map<string, number>();
    const selfByFunction = new Map<string, number>();
    const inclusive = new Map<string, number>();
    const nearest = new Map<string, number>();
    let sampledMs = 0;
    let at = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      at += profile.timeDeltas[i] / 1000;
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      if (at < window.fromMs || at >= window.toMs) continue;
      const node = nodes.get(profile.samples[i]);
      if (!node || node.callFrame.functionName === '(idle)') continue;
      sampledMs += ms;
      add(selfByOwner, ownerOf(node.callFrame), ms);
      add(selfByFunction, functionOf(node.callFrame), ms);
      const seen = new Set<string>();
      let charged = false;
      for (let id: number | undefined = node.id; id !== undefined; id = parents.get(id)) {
        const frame = nodes.get(id)?.callFrame;
        if (!frame || !isOwnCode(frame)) continue;
        if (!charged) {
          add(nearest, ownerOf(frame), ms);
          charged = true;
        }
        const name = functionOf(frame);
        if (seen.has(name)) continue;
        seen.add(name);
        add(inclusive, name, ms);
      }
      if (!charged) add(nearest, `${ownerOf(node.callFrame)} (no own code on the stack)`, ms);
    }
    return {
      key: window.key,
      label: window.label,
      sampledMs: Math.round(sampledMs),
      selfByOwner: top(selfByOwner, sampledMs, 12),
      selfByFunction: top(selfByFunction, sampledMs, 12),
      inclusiveOwnCode: top(inclusive, sampledMs, 12),
      byNearestOwnFile: top(nearest, sampledMs, 15),
    };
  });

  const list = (title: string, shares: Share[]): string[] => [
    `  ${title}:`,
    ...shares.map((share) => `    ${String(share.percent).padStart(5)} %  ${String(share.ms).padStart(6)} ms  ${share.name}`),
  ];
  const text = [
    'API CPU profile (--cpu-prof), busy time per phase:',
    ...phases.flatMap((phase) => [
      `${phase.label}: ${phase.sampledMs} ms of CPU sampled`,
      ...list('self time by package / file', phase.selfByOwner),
      ...list('self time by function', phase.selfByFunction),
      ...list('own code on the stack (inclusive, synchronous part only)', phase.inclusiveOwnCode),
      ...list('self time charged to the nearest own file on the stack', phase.byNearestOwnFile),
    ]),
  ].join('\n');
  return { text, phases };
};
