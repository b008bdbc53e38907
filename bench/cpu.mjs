// CPU time spent by the processes that serve a benchmark, read from /proc:
// on a small machine the load generator shares the cores with the backend
// and the database, so latency alone says little about what a request
// costs. CPU milliseconds per request are a steadier yardstick.
import { readFileSync, readdirSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function ticksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      ticks: Number(fields[11]) + Number(fields[12]),
    };
  } catch {
    return undefined;
  }
}

/**
 * CPU milliseconds used so far by the process, and by each PostgreSQL
 * process by pid.
 */
export function cpuSample(pid) {
  const postgres = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = ticksOf(entry);
    if (t?.comm === 'postgres') postgres.set(entry, t.ticks * TICK_MS);
  }
  return { backend: (ticksOf(pid)?.ticks ?? 0) * TICK_MS, postgres };
}

/**
 * CPU milliseconds per request between two samples. A PostgreSQL process
 * that exited in between is left out (its last figures are gone), one that
 * started counts in full.
 */
export function cpuPerRequest(before, after, requests) {
  let postgres = 0;
  for (const [pid, ms] of after.postgres) {
    postgres += ms - (before.postgres.get(pid) ?? 0);
  }
  const per = ms => Math.round((ms / Math.max(1, requests)) * 100) / 100;
  return {
    backend: per(after.backend - before.backend),
    postgres: per(postgres),
  };
}
