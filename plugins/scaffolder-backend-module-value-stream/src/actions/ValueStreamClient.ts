import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  parseErrorResponseBody,
  ServiceUnavailableError,
} from '@backstage/errors';

/** The plugin id of the Value Stream backend, whose API the actions call. */
export const VALUE_STREAM_PLUGIN_ID = 'value-stream';

/** One call to the Value Stream API. */
export interface ValueStreamRequest {
  method: 'GET' | 'POST';
  /** Path below `/api/value-stream`, starting with `/`. */
  path: string;
  body?: unknown;
  /** The template initiator; the call is made on their behalf. */
  credentials: BackstageCredentials;
  /** What the call does, for error messages: `create the change`. */
  what: string;
  signal?: AbortSignal;
}

function errorFor(status: number, message: string): Error {
  switch (status) {
    case 400:
      return new InputError(message);
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    case 503:
      return new ServiceUnavailableError(message);
    default:
      return new Error(message);
  }
}

/**
 * A minimal client of the Value Stream REST API for scaffolder actions. Each
 * request carries a plugin request token issued on behalf of the template's
 * initiator, so the backend records them as the acting user and applies their
 * permissions.
 */
export class ValueStreamClient {
  readonly #auth: AuthService;
  readonly #discovery: DiscoveryService;

  static create(options: {
    auth: AuthService;
    discovery: DiscoveryService;
  }): ValueStreamClient {
    return new ValueStreamClient(options.auth, options.discovery);
  }

  private constructor(auth: AuthService, discovery: DiscoveryService) {
    this.#auth = auth;
    this.#discovery = discovery;
  }

  /**
   * Sends one request and returns the parsed JSON body. A bad status throws
   * the `@backstage/errors` error of that status, with the API's own message.
   */
  async request<T>(request: ValueStreamRequest): Promise<T> {
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: request.credentials,
      targetPluginId: VALUE_STREAM_PLUGIN_ID,
    });
    const baseUrl = await this.#discovery.getBaseUrl(VALUE_STREAM_PLUGIN_ID);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
    };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }

    let response: Response;
    try {
      response = await fetch(`${baseUrl}${request.path}`, {
        method: request.method,
        headers,
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: request.signal,
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not ${request.what}: the Value Stream API at ${baseUrl} did not answer`,
        error,
      );
    }

    if (!response.ok) {
      const data = await parseErrorResponseBody(response);
      const apiMessage = data.error?.message || response.statusText;
      throw errorFor(
        response.status,
        `Could not ${request.what}: ${apiMessage} (${response.status} ${
          data.error?.name ?? response.statusText
        })`,
      );
    }
    return (await response.json()) as T;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Runs `fn` and, while it fails with a `NotFoundError`, runs it again with
 * exponential backoff (250 ms doubling, at most 5 s apart) until `waitMs`
 * have passed. A new entity needs a few processing rounds before the catalog
 * and the Value Stream API know it, right after `catalog:register`.
 */
export async function retryWhileNotFound<T>(
  fn: () => Promise<T>,
  options: {
    waitMs: number;
    signal?: AbortSignal;
    onRetry?: (error: Error, delayMs: number) => void;
  },
): Promise<T> {
  const deadline = Date.now() + Math.max(0, options.waitMs);
  let delay = 250;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      const remaining = deadline - Date.now();
      if (!NotFoundError.is(error) || remaining <= 0) {
        throw error;
      }
      const wait = Math.min(delay, remaining);
      options.onRetry?.(error, wait);
      await sleep(wait, options.signal);
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
