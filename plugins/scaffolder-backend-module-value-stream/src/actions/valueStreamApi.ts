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
  ResponseError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  ValueStreamClient,
  type ValueStreamApi,
} from '@valuestream/plugin-value-stream-common';

/** The plugin id of the Value Stream backend, whose API the actions call. */
const VALUE_STREAM_PLUGIN_ID = 'value-stream';

/** Who a call is made for, and what it does, for error messages. */
export interface ValueStreamCall {
  /** The template initiator; the call is made on their behalf. */
  credentials: BackstageCredentials;
  /** What the call does: `create the change`. */
  what: string;
  signal?: AbortSignal;
}

/** The error class of each status the API answers with. */
const ERRORS_BY_STATUS: Record<number, new (message: string) => Error> = {
  400: InputError,
  401: AuthenticationError,
  403: NotAllowedError,
  404: NotFoundError,
  409: ConflictError,
  503: ServiceUnavailableError,
};

/**
 * The API's error as the matching `@backstage/errors` class, chosen by the
 * HTTP status (a proxy's or a starting backend's 404 has no Backstage body,
 * and must still be retried as not found), with the API's message prefixed
 * by what the action tried, so the task log says both.
 */
function apiError(what: string, error: ResponseError): Error {
  const { name, message } = error.body.error;
  const ErrorClass = ERRORS_BY_STATUS[error.statusCode] ?? Error;
  return new ErrorClass(
    `Could not ${what}: ${message || error.statusText} (${error.statusCode} ${
      name ?? error.statusText
    })`,
  );
}

/**
 * Calls the Value Stream API through -common's client on behalf of the
 * template's initiator: each request carries a plugin request token issued
 * for them, so the backend records them as the acting user and applies
 * their permissions.
 */
export async function callValueStream<T>(
  deps: { auth: AuthService; discovery: DiscoveryService },
  call: ValueStreamCall,
  fn: (api: ValueStreamApi) => Promise<T>,
): Promise<T> {
  const { auth, discovery } = deps;
  const api = new ValueStreamClient({
    discoveryApi: discovery,
    fetchApi: {
      fetch: async (input, init) => {
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: call.credentials,
          targetPluginId: VALUE_STREAM_PLUGIN_ID,
        });
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${token}`);
        headers.set('Accept', 'application/json');
        try {
          return await fetch(input, { ...init, headers, signal: call.signal });
        } catch (error) {
          const baseUrl = await discovery.getBaseUrl(VALUE_STREAM_PLUGIN_ID);
          throw new ServiceUnavailableError(
            `Could not ${call.what}: the Value Stream API at ${baseUrl} did not answer`,
            error,
          );
        }
      },
    },
  });
  try {
    return await fn(api);
  } catch (error) {
    throw ResponseError.is(error) ? apiError(call.what, error) : error;
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
