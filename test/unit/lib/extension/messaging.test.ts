import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  createExternalReceiver,
  createInternalReceiver,
  listen,
  okReply,
  type Sender,
  sendToBackground,
} from '@/lib/extension/shared/messaging';

const LINK = 'abcdefghijklmnopqrstuv';
const ownPage = (): Sender => ({
  id: fakeBrowser.runtime.id,
  url: fakeBrowser.runtime.getURL('/approve.html'),
  frameId: 0,
});

function internalReceiver() {
  const start = vi.fn(async () => okReply());
  const badge = vi.fn(async () => okReply());
  const receiver = createInternalReceiver({
    'approval/start': start,
    'badge/refresh': badge,
    'personal/start': vi.fn(async () => okReply()),
    'flow/resume': vi.fn(async () => okReply()),
  });
  return { receiver, start, badge };
}

describe('internal messages', () => {
  it('dispatches a valid message from one of our own pages', async () => {
    const { receiver, start } = internalReceiver();
    const reply = await receiver({ type: 'approval/start', linkToken: LINK }, ownPage());
    expect(reply).toEqual({ ok: true });
    expect(start).toHaveBeenCalledWith({ type: 'approval/start', linkToken: LINK }, ownPage());
  });

  it('accepts the popup, which has no frameId', async () => {
    const { receiver, badge } = internalReceiver();
    const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    expect(await receiver({ type: 'badge/refresh' }, popup)).toEqual({ ok: true });
    expect(badge).toHaveBeenCalledOnce();
  });

  it.each<[string, Sender]>([
    ['another extension id', { ...ownPage(), id: 'some-other-extension' }],
    ['a web page url', { ...ownPage(), url: 'https://evil.test/approve.html' }],
    ['a missing url', { id: 'test-extension-id', frameId: 0 }],
    ['a child frame', { ...ownPage(), frameId: 3 }],
  ])('refuses a sender with %s before looking at the message', async (_, sender) => {
    const { receiver, start } = internalReceiver();
    const reply = await receiver({ type: 'approval/start', linkToken: LINK }, sender);
    expect(reply).toEqual({
      ok: false,
      error: { code: 'untrusted_sender', message: 'Sender not allowed.' },
    });
    expect(start).not.toHaveBeenCalled();
  });

  it("logs what it refuses: the code, the message's type and the sender's origin, never its contents", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { receiver } = internalReceiver();
      const stranger = { id: 'some-other-extension', url: `https://evil.test/a.html#${LINK}` };
      await receiver({ type: 'approval/start', linkToken: LINK }, stranger);
      await receiver({ type: 'approval/start', linkToken: `${LINK}!` }, ownPage());
      await receiver({ type: 'badge/refresh' }, ownPage());
      expect(warn.mock.calls.map((call) => call.join(' '))).toEqual([
        'Message refused (untrusted_sender): approval/start from https://evil.test (extension some-other-extension)',
        `Message refused (bad_message): approval/start from ${fakeBrowser.runtime.getURL('/').replace(/\/$/, '')} (extension ${fakeBrowser.runtime.id})`,
      ]);
      expect(JSON.stringify(warn.mock.calls)).not.toContain(LINK);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses an unknown message type', async () => {
    const { receiver, start, badge } = internalReceiver();
    const reply = await receiver({ type: 'session/steal' }, ownPage());
    expect(reply).toEqual({
      ok: false,
      error: { code: 'bad_message', message: 'Unknown or malformed message.' },
    });
    expect(start).not.toHaveBeenCalled();
    expect(badge).not.toHaveBeenCalled();
  });

  it.each([
    ['a malformed link token', { type: 'approval/start', linkToken: '../../etc' }],
    ['an extra field', { type: 'approval/start', linkToken: LINK, serviceUrl: 'https://x.test' }],
    ['no payload at all', undefined],
  ])('refuses %s', async (_, message) => {
    const { receiver, start } = internalReceiver();
    expect(await receiver(message, ownPage())).toMatchObject({ ok: false });
    expect(start).not.toHaveBeenCalled();
  });

  it.each([
    ['null', null],
    ['a string', 'popup'],
    ['an id that is not text', { id: 42, url: 7, frameId: '0' }],
  ])('refuses a sender that is %s instead of throwing', async (_, sender) => {
    const { receiver, badge } = internalReceiver();
    const reply = await receiver({ type: 'badge/refresh' }, sender as unknown as Sender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(badge).not.toHaveBeenCalled();
  });

  it('answers with a refusal when the handler throws', async () => {
    const receiver = createInternalReceiver({
      'approval/start': async () => {
        throw new Error('boom');
      },
      'badge/refresh': async () => okReply(),
      'personal/start': async () => okReply(),
      'flow/resume': async () => okReply(),
    });
    const reply = await receiver({ type: 'approval/start', linkToken: LINK }, ownPage());
    expect(reply).toEqual({
      ok: false,
      error: { code: 'handler_failed', message: 'The extension could not handle this request.' },
    });
  });

  it('keeps the message channel open for the reply that comes later', () => {
    // Chrome closes the channel when a listener returns anything but true, so the async reply
    // through sendResponse would be lost.
    let listener: ((m: unknown, s: Sender, r: (x?: unknown) => void) => unknown) | undefined;
    const event = { addListener: (l: typeof listener) => (listener = l) };
    listen(event as unknown as Parameters<typeof listen>[0], internalReceiver().receiver);
    expect(listener?.({ type: 'badge/refresh' }, ownPage(), () => {})).toBe(true);
  });

  it('replies through sendResponse when wired to runtime.onMessage', async () => {
    const { receiver } = internalReceiver();
    listen(fakeBrowser.runtime.onMessage, receiver);
    const sendResponse = vi.fn();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'badge/refresh' }, ownPage(), sendResponse);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ ok: true }));
  });

  it('replies with a refusal through runtime.onMessage for an untrusted sender', async () => {
    const { receiver, badge } = internalReceiver();
    listen(fakeBrowser.runtime.onMessage, receiver);
    const sendResponse = vi.fn();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'badge/refresh' }, {}, sendResponse);
    await vi.waitFor(() =>
      expect(sendResponse).toHaveBeenCalledWith(expect.objectContaining({ ok: false })),
    );
    expect(badge).not.toHaveBeenCalled();
  });
});

describe('external messages', () => {
  const SERVICE = 'http://127.0.0.1:8787';
  const landing = (): Sender => ({
    origin: SERVICE,
    url: `${SERVICE}/approve/${LINK}`,
    tab: { id: 7 } as Sender['tab'],
    frameId: 0,
  });

  function externalReceiver() {
    const open = vi.fn(async () => okReply());
    const receiver = createExternalReceiver(async () => SERVICE, {
      ping: async () => okReply(),
      'approval/open': open,
    });
    return { receiver, open };
  }

  it('answers ping from the service landing page', async () => {
    const { receiver } = externalReceiver();
    expect(await receiver({ type: 'ping' }, landing())).toEqual({ ok: true });
  });

  it('dispatches approval/open from the service landing page in a tab', async () => {
    const { receiver, open } = externalReceiver();
    expect(await receiver({ type: 'approval/open', linkToken: LINK }, landing())).toEqual({
      ok: true,
    });
    expect(open).toHaveBeenCalledOnce();
  });

  it.each<[string, Sender]>([
    ['another origin', { ...landing(), origin: 'https://evil.test' }],
    ['the same host on another port', { ...landing(), origin: 'http://127.0.0.1:9999' }],
    ['no tab', { origin: SERVICE, url: `${SERVICE}/approve/x`, frameId: 0 }],
    ['a child frame', { ...landing(), frameId: 2 }],
    ['no origin', { tab: { id: 7 } as Sender['tab'], frameId: 0 }],
  ])('refuses %s', async (_, sender) => {
    const { receiver, open } = externalReceiver();
    const reply = await receiver({ type: 'approval/open', linkToken: LINK }, sender);
    expect(reply).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(open).not.toHaveBeenCalled();
  });

  it('refuses a sender that is not an object instead of throwing', async () => {
    const { receiver, open } = externalReceiver();
    const reply = await receiver({ type: 'approval/open', linkToken: LINK }, null as never);
    expect(reply).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(open).not.toHaveBeenCalled();
  });

  it('accepts the landing page when the browser stamps no frameId', async () => {
    const { receiver, open } = externalReceiver();
    const { frameId: _, ...noFrame } = landing();
    expect(await receiver({ type: 'approval/open', linkToken: LINK }, noFrame)).toEqual({
      ok: true,
    });
    expect(open).toHaveBeenCalledOnce();
  });

  it('refuses internal-only commands sent from outside', async () => {
    const { receiver } = externalReceiver();
    const reply = await receiver({ type: 'approval/start', linkToken: LINK }, landing());
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_message' } });
  });
});

describe('sending to the background', () => {
  it("passes the background's reply on", async () => {
    const send = vi
      .spyOn(fakeBrowser.runtime, 'sendMessage')
      .mockResolvedValue({ ok: true } as never);
    expect(await sendToBackground({ type: 'badge/refresh' })).toEqual({ ok: true });
    expect(send).toHaveBeenCalledWith({ type: 'badge/refresh' });
  });

  it('turns a reply that is not a message reply into a refusal', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    expect(await sendToBackground({ type: 'badge/refresh' })).toEqual({
      ok: false,
      error: { code: 'bad_reply', message: 'No answer from the extension.' },
    });
  });

  it('turns a background that cannot be reached into a refusal', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(
      new Error('Could not establish connection. Receiving end does not exist.'),
    );
    expect(await sendToBackground({ type: 'badge/refresh' })).toEqual({
      ok: false,
      error: { code: 'unreachable', message: 'The extension background did not answer.' },
    });
  });
});
