import type { Browser } from 'wxt/browser';
import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import {
  type ExternalMessage,
  externalMessage,
  type InternalMessage,
  internalMessage,
  type MessageReply,
  messageReply,
} from '../../contracts/messages';

/**
 * One typed boundary for runtime messages, after Bitwarden's middleware: a receiver checks the
 * browser-stamped sender fields first, then the schema, then dispatches; anything else is
 * refused with `{ ok: false }` and never reaches a handler.
 */

export type Sender = Browser.runtime.MessageSender;

type HandlerMap<M extends { type: string }> = {
  [K in M['type']]: (message: Extract<M, { type: K }>, sender: Sender) => Promise<MessageReply>;
};

export type Receiver = (message: unknown, sender: Sender) => Promise<MessageReply>;

export function refusal(code: string, message: string): MessageReply {
  return { ok: false, error: { code, message } };
}

const ok: MessageReply = { ok: true };
export const okReply = (): MessageReply => ok;

/** Sender check for runtime.onMessage: our own extension, our own page, a top-level frame. */
export function isTrustedInternalSender(sender: Sender): boolean {
  const ownPages = browser.runtime.getURL('');
  return (
    sender.id === browser.runtime.id &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(ownPages) &&
    (sender.frameId === undefined || sender.frameId === 0)
  );
}

/**
 * Sender check for runtime.onMessageExternal: only the org service's landing page, in a tab,
 * top frame. `origin` is stamped by the browser, so a page cannot claim another one.
 */
export function isTrustedExternalSender(sender: Sender, serviceOrigin: string): boolean {
  return (
    sender.origin === serviceOrigin &&
    sender.tab?.id !== undefined &&
    (sender.frameId === undefined || sender.frameId === 0)
  );
}

/**
 * Fails closed: a check that throws is not trusted. That covers a sender that is not an object
 * (Chrome always stamps one, but the receiver must not throw and leave the reply channel open):
 * reading its fields throws here rather than in the caller.
 */
async function trusts(
  isTrusted: (sender: Sender) => boolean | Promise<boolean>,
  sender: Sender,
): Promise<boolean> {
  try {
    return await isTrusted(sender);
  } catch {
    return false;
  }
}

/**
 * What a refusal is logged with (as Bitwarden logs what its boundary refuses): the code, the
 * message type when it is a plain name, and where it came from. Never the message itself, which
 * may carry an approval link's token, nor the sender's full URL (its hash may hold one).
 */
function logRefusal(code: string, message: unknown, sender: unknown): void {
  const type = (message as { type?: unknown } | null)?.type;
  let from: string | undefined;
  try {
    const s = sender as Sender;
    // protocol + host: URL.origin is "null" for chrome-extension: URLs.
    const url = typeof s.url === 'string' ? new URL(s.url) : undefined;
    from = s.origin ?? (url ? `${url.protocol}//${url.host}` : undefined);
    from = `${from ?? 'unknown origin'}${typeof s.id === 'string' ? ` (extension ${s.id})` : ''}`;
  } catch {
    from = 'an unreadable sender';
  }
  console.warn(
    `Message refused (${code}): ${
      typeof type === 'string' && /^[\w/:-]{1,64}$/.test(type) ? type : 'unnamed message'
    } from ${from}`,
  );
}

function createReceiver<M extends { type: string }>(
  schema: z.core.$ZodType<M>,
  isTrusted: (sender: Sender) => boolean | Promise<boolean>,
  handlers: HandlerMap<M>,
): Receiver {
  return async (message, sender) => {
    if (!(await trusts(isTrusted, sender))) {
      logRefusal('untrusted_sender', message, sender);
      return refusal('untrusted_sender', 'Sender not allowed.');
    }
    const parsed = z.safeParse(schema, message);
    if (!parsed.success) {
      logRefusal('bad_message', message, sender);
      return refusal('bad_message', 'Unknown or malformed message.');
    }
    const handler = handlers[parsed.data.type as M['type']] as (
      message: M,
      sender: Sender,
    ) => Promise<MessageReply>;
    try {
      return await handler(parsed.data, sender);
    } catch {
      logRefusal('handler_failed', message, sender);
      return refusal('handler_failed', 'The extension could not handle this request.');
    }
  };
}

export function createInternalReceiver(handlers: HandlerMap<InternalMessage>): Receiver {
  return createReceiver(internalMessage, isTrustedInternalSender, handlers);
}

export function createExternalReceiver(
  serviceOrigin: () => Promise<string>,
  handlers: HandlerMap<ExternalMessage>,
): Receiver {
  return createReceiver(
    externalMessage,
    async (sender) => isTrustedExternalSender(sender, await serviceOrigin()),
    handlers,
  );
}

/**
 * Adapts a receiver to a runtime event. `sendResponse` + `return true` works the same in
 * native Chrome and Edge and WXT's fake browser (whose listeners cannot return promises).
 */
export function listen(
  event: Browser.events.Event<
    (message: unknown, sender: Sender, sendResponse: (response?: unknown) => void) => void
  >,
  receiver: Receiver,
): void {
  event.addListener((message, sender, sendResponse) => {
    void receiver(message, sender).then(sendResponse);
    return true;
  });
}

/** Typed send from a page to the background. The reply only says "accepted"; state is in storage. */
export async function sendToBackground(message: InternalMessage): Promise<MessageReply> {
  try {
    const reply = messageReply.safeParse(await browser.runtime.sendMessage(message));
    return reply.success ? reply.data : refusal('bad_reply', 'No answer from the extension.');
  } catch {
    return refusal('unreachable', 'The extension background did not answer.');
  }
}
