import { z } from 'zod/mini';

/**
 * The popup's slice of `GET /api/me/event-types` (./event-types.ts has the whole answer): only
 * what "Copy booking link" needs, in a module of its own so the popup bundle stays small.
 */
export const bookingLinks = z.object({
  eventTypes: z.array(z.object({ id: z.string(), name: z.string(), bookingUrl: z.string() })),
});
export type BookingLinks = z.infer<typeof bookingLinks>;
