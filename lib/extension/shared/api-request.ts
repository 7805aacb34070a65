import { z } from 'zod/mini';
import { apiErrorBody } from '../../contracts/errors';
import { endpoint, fetchOrEarly } from './early-fetch';

/**
 * The org service's transport: one fetch with the bearer token, the error body turned into an
 * ApiError, the answer checked against its contract schema. The calls themselves live in
 * api-client.ts (pages) and worker-api.ts (the background).
 */

/**
 * A refusal or failure from the org service. `code` is the service's own (lib/contracts/errors.ts)
 * or one the client adds: `network` (status 0, unreachable) and `invalid_response`.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor({ status, code, message }: { status: number; code: string; message: string }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export interface ApiClientOptions {
  serviceUrl: string;
  token?: string | null;
  fetchImpl?: typeof fetch;
}

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  schema: z.core.$ZodType<T> | null;
  auth?: boolean;
  /** Aborts the fetch, e.g. when react-query drops a stale search. */
  signal?: AbortSignal;
}

export type ApiRequest = <T>(path: string, options: RequestOptions<T>) => Promise<T>;

const unreachable = () =>
  new ApiError({
    status: 0,
    code: 'network',
    message: "Can't reach the org service. Check your connection and try again.",
  });

export function createApiRequest({ serviceUrl, token, fetchImpl }: ApiClientOptions) {
  /** A fetch to the service; a network failure is an ApiError, an abort stays an AbortError. */
  async function send(
    path: string,
    init: RequestInit & { headers: Record<string, string> },
    auth = true,
  ): Promise<Response> {
    const headers =
      auth && token ? { ...init.headers, authorization: `Bearer ${token}` } : init.headers;
    let response: Response;
    try {
      response = await (fetchImpl ?? fetchOrEarly)(endpoint(serviceUrl, path), {
        ...init,
        headers,
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw unreachable();
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  const request: ApiRequest = async (path, options) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await send(
      path,
      {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      },
      options.auth !== false,
    );
    if (options.schema === null) return undefined as never;

    const parsed = z.safeParse(options.schema, await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new ApiError({
        status: response.status,
        code: 'invalid_response',
        message: 'The org service sent an answer this extension does not understand.',
      });
    }
    return parsed.data;
  };

  return { request, send };
}

async function errorFrom(response: Response): Promise<ApiError> {
  const parsed = z.safeParse(apiErrorBody, await response.json().catch(() => undefined));
  if (parsed.success) {
    return new ApiError({ status: response.status, ...parsed.data.error });
  }
  return new ApiError({
    status: response.status,
    code: response.status >= 500 ? 'internal' : 'invalid_response',
    message: `The org service answered ${response.status} without an explanation.`,
  });
}
