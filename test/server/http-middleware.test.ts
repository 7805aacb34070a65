import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requestBodyLimit } from '../../server/http/body-limit';
import { responseHeaders } from '../../server/http/response-headers';

/**
 * The per-request middleware keeps @hono/node-server's fast path: the handler's response is
 * written as given (not copied into a streamed web Response), and a GET's body is never asked
 * for (asking builds a full web Request per request).
 */
function tracked(request: Request) {
  const reads = { body: 0 };
  const proxy = new Proxy(request, {
    get(target, prop) {
      if (prop === 'body') reads.body++;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { request: proxy, reads };
}

const tooLarge = (c: { json: (b: unknown, s: 413) => Response }) =>
  c.json({ error: { code: 'bad_request', message: 'Request body too large.' } }, 413);

describe('per-request middleware', () => {
  const headers = () => responseHeaders({ zoomOAuthUrl: 'https://zoom.test' });

  it('marks an answer no-store without copying the response the handler made', async () => {
    let made: Response | undefined;
    const app = new Hono().use(headers()).get('/api/x', (c) => {
      made = c.json({ ok: true });
      return made;
    });
    const res = await app.request('/api/x');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res).toBe(made);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('marks error answers no-store too', async () => {
    const app = new Hono()
      .use(headers())
      .get('/api/x', () => {
        throw new Error('boom');
      })
      .onError((_, c) => c.json({ error: 'x' }, 500));
    const res = await app.request('/api/x');
    expect(res.status).toBe(500);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('never asks a GET for its body, and refuses one that declares too much', async () => {
    const app = new Hono()
      .use(requestBodyLimit({ maxSize: 10, onError: tooLarge }))
      .get('/x', (c) => c.text('ok'));
    const get = tracked(new Request('http://service.test/x'));
    expect((await app.fetch(get.request)).status).toBe(200);
    expect(get.reads.body).toBe(0);
    const declared = new Request('http://service.test/x', { headers: { 'content-length': '11' } });
    expect((await app.fetch(declared)).status).toBe(413);
  });

  it('still measures the body of a POST', async () => {
    const app = new Hono()
      .use(requestBodyLimit({ maxSize: 10, onError: tooLarge }))
      .post('/x', async (c) => c.text(await c.req.text()));
    const small = await app.request('/x', { method: 'POST', body: 'short' });
    expect(await small.text()).toBe('short');
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('0123456789abc'));
        controller.close();
      },
    });
    const big = await app.fetch(
      new Request('http://service.test/x', {
        method: 'POST',
        body: chunked,
        duplex: 'half',
      } as RequestInit),
    );
    expect(big.status).toBe(413);
  });
});
