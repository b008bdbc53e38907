// A closed-loop load generator: `concurrency` clients each send one request
// after another until `durationMs` has passed (or `requests` were sent), and
// the latency of every request is recorded.

/**
 * @param {object} o
 * @param {() => string} o.url       the next URL to request
 * @param {Record<string,string>} o.headers
 * @param {number} o.concurrency
 * @param {number} [o.durationMs]
 * @param {number} [o.requests]
 * @param {string} [o.method]
 * @param {() => string} [o.body]
 */
export async function runLoad(o) {
  const latencies = [];
  const statuses = new Map();
  const deadline = Date.now() + (o.durationMs ?? 3_600_000);
  let remaining = o.requests ?? Infinity;
  const started = performance.now();

  async function client() {
    while (Date.now() < deadline && remaining > 0) {
      remaining -= 1;
      const t0 = performance.now();
      // A reset connection is counted, not fatal: the figures say how many.
      const status = await fetch(o.url(), {
        method: o.method ?? 'GET',
        headers: o.headers,
        body: o.body?.(),
      })
        .then(async res => {
          await res.arrayBuffer();
          return res.status;
        })
        .catch(() => 'network-error');
      latencies.push(performance.now() - t0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, client));
  const elapsedMs = performance.now() - started;
  return summarize(latencies, statuses, elapsedMs);
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, i)];
}

function summarize(latencies, statuses, elapsedMs) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    rps: Math.round((sorted.length / elapsedMs) * 1000),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
    statuses: Object.fromEntries(statuses),
  };
}

const round = n => Math.round(n * 10) / 10;
