import { readFileSync, readdirSync } from 'node:fs';

export type CpuSample = { clientMs: number; serverMs: number | null };

// Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel build.
const TICKS_PER_SECOND = 100;

/**
 * CPU time of the PostgreSQL postmaster and all its children (backends, WAL writer,
 * checkpointer...), including children that already exited: their time lives on in the
 * postmaster's cutime/cstime, so the sum only grows even when idle pool connections close. On a shared, loaded machine CPU per operation moves far less than throughput,
 * and on 2 cores it is what caps throughput once commits are grouped.
 */
const serverCpuMs = (postmasterPid: number): number | null => {
  try {
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // the process ended meanwhile
      }
      // Fields after the parenthesised command name: state (3rd), ppid, ..., utime (14th),
      // stime, cutime, cstime (17th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) === postmasterPid) {
        ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      } else if (Number(fields[1]) === postmasterPid) {
        ticks += Number(fields[11]) + Number(fields[12]);
      }
    }
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
};

/** Starts measuring; the returned function gives the CPU used since, by this process and the server. */
export const startCpuProbe = (postmasterPid: number | null): (() => CpuSample) => {
  const client = process.cpuUsage();
  const server = postmasterPid === null ? null : serverCpuMs(postmasterPid);
  return () => {
    const usedClient = process.cpuUsage(client);
    const serverNow = postmasterPid === null ? null : serverCpuMs(postmasterPid);
    return {
      clientMs: (usedClient.user + usedClient.system) / 1000,
      serverMs: server === null || serverNow === null ? null : serverNow - server,
    };
  };
};

/** The postmaster's pid is the first line of postmaster.pid in the data directory. */
export const readPostmasterPid = (dataDir: string): number | null => {
  try {
    const pid = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};
