/**
 * A response body from text chunks, each read when the client is ready for it. A failure
 * part-way errors the stream, so the server drops the connection before the last chunk and the
 * client sees a broken download (RFC 9112 §7.1: https://www.rfc-editor.org/rfc/rfc9112#section-7.1)
 * rather than a file that just stops and looks complete. `onError` gets the real error to log;
 * the stream carries a bare one, because whatever reads it (the Node adapter) may print it.
 */
export function textStream(
  chunks: AsyncIterator<string>,
  onError: (err: unknown) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        onError(err);
        controller.error(new Error('The response failed part-way.'));
      }
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}
