import fc from 'fast-check';
import { anyJson, anyString, percentEncode, urlText } from '../fuzz-values';
import { type FuzzRequest, type FuzzStats, fuzzRequests } from './fuzz';
import type { TestService } from './harness';

/**
 * One route of the service to fuzz: its method and pattern as registered in the app (so a test
 * can check every route is covered), and what may vary — each path param, the query, the body.
 * Each input starts from a valid value the test provides, so generated requests reach the code
 * behind each check instead of stopping at the first.
 */
export interface FuzzTarget {
  method: string;
  route: string;
  params?: Record<string, string>;
  query?: fc.Arbitrary<unknown>;
  json?: fc.Arbitrary<unknown>;
  form?: fc.Arbitrary<unknown>;
  headers?: Record<string, string>;
  /**
   * Values made afresh for each request, for inputs a valid request uses up (a sign-in waiting
   * for Zoom, an invitation): each key, wherever it appears in the path, is replaced by the
   * value. Use a key that is itself a valid value, as a spoiled copy of it stays in the path.
   */
  fresh?: Record<string, () => Promise<string>>;
  runs: number;
}

/** The request with this target's fresh values put in. */
async function withFreshValues(target: FuzzTarget, req: FuzzRequest): Promise<FuzzRequest> {
  let path = req.path;
  for (const [key, make] of Object.entries(target.fresh ?? {})) {
    if (path.includes(key)) path = path.split(key).join(await make());
  }
  return path === req.path ? req : { ...req, path };
}

/** Fuzzes one target with its own number of runs (test/server/fuzz.ts holds the property). */
export function fuzzTarget(service: TestService, stats: FuzzStats, target: FuzzTarget) {
  return fuzzRequests(service, stats, requestsFor(target), target.runs, (req) =>
    withFreshValues(target, req),
  );
}

/** Half the time the real value, so the body and query behind the param are reached too. */
const param = (valid: string) =>
  fc.oneof({ weight: 1, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: urlText });

function queryString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' || Array.isArray(value)) return `?${urlTextOf(value)}`;
  const pairs = Object.entries(value).flatMap(([key, v]) =>
    (Array.isArray(v) ? v : [v]).map((one) => `${urlTextOf(key)}=${urlTextOf(one)}`),
  );
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function urlTextOf(value: unknown): string {
  return percentEncode(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
}

/** A query object's values are strings, sometimes repeated keys; anything else is stringified. */
export const queryValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyString },
  { weight: 1, arbitrary: fc.array(anyString, { minLength: 2, maxLength: 3 }) },
  { weight: 1, arbitrary: anyJson },
);

const rawBody = fc.oneof(
  anyString,
  fc.constantFrom('{', '{"a":', '[', 'null', '"\\ud800"', '{"__proto__":{"admin":true}}'),
);

/** The requests of one target: its path params, query and body varied, with stray extras. */
export function requestsFor(target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const names = Object.keys(target.params ?? {});
  const params = fc.tuple(...names.map((n) => param(target.params?.[n] ?? '')));
  const query = target.query ?? fc.option(fc.dictionary(anyString, anyString, { maxKeys: 2 }));
  // A GET cannot carry a body (fetch refuses to build one).
  const body: fc.Arbitrary<FuzzRequest['body']> =
    target.method === 'GET'
      ? fc.constant(undefined)
      : target.form
        ? target.form.map((v) => formBody(v))
        : fc.oneof(
            { weight: 6, arbitrary: (target.json ?? fc.option(anyJson)).map(jsonText) },
            { weight: 1, arbitrary: rawBody },
          );
  const authorization = fc.oneof(
    { weight: 8, arbitrary: fc.constant(target.headers?.authorization) },
    { weight: 1, arbitrary: anyString.map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`) },
  );
  return fc.record({ params, query, body, authorization }).map((v) => {
    let path = target.route;
    names.forEach((name, i) => {
      path = path.replace(`:${name}`, v.params[i] ?? '');
    });
    const headers: Record<string, string> = { ...target.headers };
    if (v.authorization === undefined) delete headers.authorization;
    else headers.authorization = v.authorization;
    return { method: target.method, path: `${path}${queryString(v.query)}`, headers, body: v.body };
  });
}

function jsonText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}

function formBody(value: unknown): URLSearchParams {
  const form = new URLSearchParams();
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      form.append(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  }
  return form;
}
