import fc from 'fast-check';
import {
  afterAll,
  afterEach,
  beforeEach,
  describe,
  expect,
  it,
  type Mock,
  onTestFinished,
  vi,
} from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  externalMessage,
  internalMessage,
  type MessageReply,
  messageReply,
} from '@/lib/contracts/messages';
import {
  createExternalReceiver,
  createInternalReceiver,
  isTrustedExternalSender,
  isTrustedInternalSender,
  listen,
  okReply,
  type Receiver,
  type Sender,
  sendToBackground,
} from '@/lib/extension/shared/messaging';
import { createBackgroundServices } from '@/lib/extension/worker/background-handlers';
import type { IdentityPort } from '@/lib/extension/worker/oauth-runner';
import { anyJson, nearValid } from '../fuzz-values';
import { LINK_TOKEN, SERVICE_URL } from './helpers/fixtures';

/**
 * The extension's message boundary (lib/extension/shared/messaging.ts) with random messages from
 * random senders, on WXT's fake browser: it always answers with a well-formed reply, runs a
 * handler only for a trusted sender and a message its schema accepts (with exactly the parsed
 * message), and a refused message changes nothing the background owns.
 */

let cases = 0;
let accepted = 0;
const started = performance.now();
afterAll(() => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz messages: ${cases} messages (${accepted} accepted), 0 × thrown in ${seconds} s`,
  );
});

const ownPage = (): Sender => ({
  id: fakeBrowser.runtime.id,
  url: fakeBrowser.runtime.getURL('/approve.html'),
  frameId: 0,
});
const landingPage = (): Sender => ({
  origin: SERVICE_URL,
  url: `${SERVICE_URL}/approve/${LINK_TOKEN}`,
  tab: { id: 7 } as Sender['tab'],
  frameId: 0,
});

/**
 * The sender each boundary trusts, as it is or varied, now and then the other boundary's or
 * anything at all; and each boundary's valid messages, as they are or varied.
 */
function senderFor(which: 0 | 1): fc.Arbitrary<Sender> {
  const [trusted, other] = which === 0 ? [ownPage(), landingPage()] : [landingPage(), ownPage()];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(trusted) },
    { weight: 4, arbitrary: nearValid(trusted as Record<string, unknown>) },
    { weight: 1, arbitrary: fc.constant(other) },
    { weight: 1, arbitrary: anyJson },
  ) as fc.Arbitrary<Sender>;
}

const validMessages = [
  { type: 'approval/start', linkToken: LINK_TOKEN },
  { type: 'approval/open', linkToken: LINK_TOKEN },
  { type: 'badge/refresh' },
  { type: 'flow/resume' },
  { type: 'personal/start' },
  { type: 'ping' },
];

const messages = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...validMessages) },
  { weight: 6, arbitrary: fc.oneof(...validMessages.map((m) => nearValid(m))) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: anyJson },
);

/** Which boundary (0 internal, 1 external), a message and a sender for it. */
const deliveries = fc
  .constantFrom<0 | 1>(0, 1)
  .chain((which) => fc.tuple(fc.constant(which), messages, senderFor(which)));

/**
 * Internal messages go through runtime.onMessage, as Chrome delivers them, and the reply comes
 * back through sendResponse. WXT's fake browser has no onMessageExternal, so external ones go to
 * the receiver that `listen` would attach to it.
 */
function deliverer(receiver: Receiver, viaRuntimeEvent: boolean) {
  if (!viaRuntimeEvent) return receiver;
  listen(fakeBrowser.runtime.onMessage, receiver);
  return (message: unknown, sender: Sender) =>
    new Promise<unknown>((resolve) => {
      void fakeBrowser.runtime.onMessage.trigger(message, sender, resolve);
    });
}

type Handler = (message: unknown, sender: Sender) => Promise<MessageReply>;

/** The oracle: Chrome stamps an object, and anything else is not trusted. */
const isObject = (sender: unknown): sender is Sender =>
  typeof sender === 'object' && sender !== null;
const trustedInternal = (s: Sender) => isObject(s) && isTrustedInternalSender(s);
const trustedExternal = (s: Sender) => isObject(s) && isTrustedExternalSender(s, SERVICE_URL);

function spyHandlers<T extends string>(types: readonly T[]) {
  return Object.fromEntries(types.map((t) => [t, vi.fn<Handler>(async () => okReply())])) as Record<
    T,
    Mock<Handler>
  >;
}

describe('fuzzing the message boundary', () => {
  // Every refusal is logged (messaging.ts); thousands of them here would bury the run's output.
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs a handler only for a trusted sender and a valid message, with that message', async () => {
    const internal = spyHandlers([
      'approval/start',
      'badge/refresh',
      'flow/resume',
      'personal/start',
    ]);
    const external = spyHandlers(['ping', 'approval/open']);
    const boundaries = [
      {
        deliver: deliverer(createInternalReceiver(internal), true),
        handlers: Object.values<Mock<Handler>>(internal),
        schema: internalMessage,
        trusted: trustedInternal,
      },
      {
        deliver: deliverer(
          createExternalReceiver(async () => SERVICE_URL, external),
          false,
        ),
        handlers: Object.values<Mock<Handler>>(external),
        schema: externalMessage,
        trusted: trustedExternal,
      },
    ];
    await fc.assert(
      fc.asyncProperty(deliveries, async ([which, message, sender]) => {
        cases += 1;
        const boundary = boundaries[which] ?? boundaries[0];
        if (!boundary) return;
        for (const h of boundary.handlers) h.mockClear();
        const reply = messageReply.parse(await boundary.deliver(message, sender));
        const parsed = boundary.schema.safeParse(message);
        const calls = boundary.handlers.flatMap((h) => h.mock.calls);
        if (boundary.trusted(sender) && parsed.success) {
          accepted += 1;
          expect(reply).toEqual({ ok: true });
          expect(calls).toEqual([[parsed.data, sender]]);
        } else {
          expect(reply.ok).toBe(false);
          expect(calls).toEqual([]);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it("a refused message changes nothing in the background's storage, tabs or network", async () => {
    const identity: IdentityPort = {
      redirectUrl: () => 'https://test-extension-id.chromiumapp.org/zoom',
      launchWebAuthFlow: vi.fn(async () => ''),
    };
    const fetchSpy = vi.fn(async () => new Response(null, { status: 503 }));
    vi.stubGlobal('fetch', fetchSpy);
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    const services = createBackgroundServices(identity);
    const receivers = [deliverer(services.internal, true), deliverer(services.external, false)];
    const storage = async () =>
      JSON.stringify([
        await fakeBrowser.storage.local.get(null),
        await fakeBrowser.storage.session.get(null),
      ]);
    const before = await storage();
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    await fc.assert(
      fc.asyncProperty(deliveries, async ([which, message, sender]) => {
        const deliver = receivers[which];
        if (!deliver) return;
        const wouldRun =
          which === 0
            ? trustedInternal(sender) && internalMessage.safeParse(message).success
            : trustedExternal(sender) && externalMessage.safeParse(message).success;
        fc.pre(!wouldRun);
        cases += 1;
        const reply = messageReply.parse(await deliver(message, sender));
        expect(reply.ok).toBe(false);
        expect(await storage()).toBe(before);
        expect(fetchSpy).not.toHaveBeenCalled();
        expect(update).not.toHaveBeenCalled();
        expect(identity.launchWebAuthFlow).not.toHaveBeenCalled();
      }),
      { numRuns: 2000 },
    );
  });

  it('a page always gets a well-formed reply, whatever the background answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyJson, fc.constant(undefined)),
        fc.boolean(),
        async (answer, throws) => {
          cases += 1;
          const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => {
            if (throws) throw new Error('Could not establish connection.');
            return answer;
          });
          const reply = await sendToBackground({ type: 'badge/refresh' });
          expect(messageReply.safeParse(reply).success).toBe(true);
          send.mockRestore();
        },
      ),
      { numRuns: 500 },
    );
  });
});
