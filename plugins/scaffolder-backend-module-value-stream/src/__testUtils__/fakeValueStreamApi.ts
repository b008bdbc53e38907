import type { DiscoveryService } from '@backstage/backend-plugin-api';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake API received. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  contentType?: string;
  body: unknown;
}

/** What a route answers: a status and a JSON body. */
export interface FakeResponse {
  status: number;
  body?: unknown;
}

export type FakeRoute = (request: RecordedRequest) => FakeResponse;

/** The Backstage error body, as the real backend's error handler sends it. */
export function errorBody(name: string, message: string, statusCode: number) {
  return {
    error: { name, message },
    request: { method: 'POST', url: '/' },
    response: { statusCode },
  };
}

/**
 * A real HTTP server on an ephemeral port standing in for the Value Stream
 * API (`/api/value-stream`). Tests set `route` and read `requests`.
 */
export class FakeValueStreamApi {
  readonly requests: RecordedRequest[] = [];
  route: FakeRoute = () => ({
    status: 404,
    body: errorBody('NotFoundError', 'No route', 404),
  });
  #server?: http.Server;
  #baseUrl = '';

  async start(): Promise<void> {
    this.#server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          path: (req.url ?? '').replace(/^\/api\/value-stream/, ''),
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body: text ? JSON.parse(text) : undefined,
        };
        this.requests.push(recorded);
        const { status, body } = this.route(recorded);
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    await new Promise<void>(resolve =>
      this.#server!.listen(0, '127.0.0.1', () => resolve()),
    );
    const { port } = this.#server.address() as AddressInfo;
    this.#baseUrl = `http://127.0.0.1:${port}/api/value-stream`;
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.#server?.close(() => resolve()));
  }

  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** A discovery service that points `value-stream` at this server. */
  discovery(): DiscoveryService {
    return {
      getBaseUrl: async pluginId => {
        if (pluginId !== 'value-stream') {
          throw new Error(`Unexpected discovery of ${pluginId}`);
        }
        return this.#baseUrl;
      },
      getExternalBaseUrl: async () => this.#baseUrl,
    };
  }
}
