/*
 * An SLI source over the Prometheus HTTP API (`/api/v1/query_range` and
 * `/api/v1/query`), which Thanos, Mimir and VictoriaMetrics answer too.
 * Headers (a bearer token, a tenant id) come from config.
 */
import type { SliSourceSettings } from '../../settings';
import { SliRange, SliSample, SliSource, SliSourceError } from './SliSource';

/** Prometheus refuses a range of more than 11,000 steps; stay below. */
const MAX_STEPS = 10_000;

interface PrometheusResponse {
  status?: string;
  error?: string;
  errorType?: string;
  data?: {
    resultType?: string;
    result?: Array<{
      metric?: Record<string, string>;
      value?: [number, string];
      values?: Array<[number, string]>;
    }>;
  };
}

function sample([seconds, raw]: [number, string]): SliSample | undefined {
  const value = Number(raw);
  return Number.isFinite(value)
    ? { time: Math.round(seconds * 1000), value }
    : undefined;
}

export class PrometheusSliSource implements SliSource {
  readonly name: string;
  readonly #settings: SliSourceSettings;

  constructor(settings: SliSourceSettings) {
    this.name = settings.name;
    this.#settings = settings;
  }

  async queryRange(
    query: string,
    range: SliRange,
    signal?: AbortSignal,
  ): Promise<SliSample[]> {
    const samples: SliSample[] = [];
    const span = range.stepMs * (MAX_STEPS - 1);
    for (
      let start = range.start;
      start <= range.end;
      start += span + range.stepMs
    ) {
      const end = Math.min(range.end, start + span);
      const body = await this.#get(
        '/api/v1/query_range',
        {
          query,
          start: String(start / 1000),
          end: String(end / 1000),
          step: `${range.stepMs / 1000}s`,
        },
        signal,
      );
      const series = this.#oneSeries(body, 'matrix', query);
      for (const value of series?.values ?? []) {
        const s = sample(value);
        if (s) {
          samples.push(s);
        }
      }
    }
    return samples;
  }

  async queryInstant(
    query: string,
    time: number,
    signal?: AbortSignal,
  ): Promise<number | undefined> {
    const body = await this.#get(
      '/api/v1/query',
      { query, time: String(time / 1000) },
      signal,
    );
    if (body.data?.resultType === 'scalar') {
      const value = (body.data as unknown as { result: [number, string] })
        .result;
      return sample(value)?.value;
    }
    const series = this.#oneSeries(body, 'vector', query);
    return series?.value ? sample(series.value)?.value : undefined;
  }

  #oneSeries(body: PrometheusResponse, type: string, query: string) {
    const result = body.data?.result;
    if (body.data?.resultType !== type || !Array.isArray(result)) {
      throw new SliSourceError(
        this.name,
        `unexpected answer to ${query}: resultType ${String(
          body.data?.resultType,
        )}`,
      );
    }
    if (result.length > 1) {
      throw new SliSourceError(
        this.name,
        `${query} returns ${result.length} series; an SLI query must return one (aggregate with sum())`,
      );
    }
    return result[0];
  }

  async #get(
    path: string,
    params: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<PrometheusResponse> {
    const url = `${this.#settings.baseUrl}${path}?${new URLSearchParams(
      params,
    )}`;
    const timeout = AbortSignal.timeout(this.#settings.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Accept: 'application/json', ...this.#settings.headers },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new SliSourceError(
        this.name,
        `${this.#settings.baseUrl} did not answer: ${
          cause ?? (error as Error).message
        }`,
      );
    }
    let body: PrometheusResponse;
    try {
      body = (await response.json()) as PrometheusResponse;
    } catch {
      throw new SliSourceError(
        this.name,
        `${path} answered ${response.status} without JSON`,
      );
    }
    if (!response.ok || body.status !== 'success') {
      throw new SliSourceError(
        this.name,
        `${path} answered ${response.status}: ${
          body.error ?? body.errorType ?? 'no error message'
        }`,
      );
    }
    return body;
  }
}
