import { Hono } from 'hono';
import { z } from 'zod/mini';
import { bookingForm, eventSlug, isTimeZone } from '../../lib/contracts/event-types';
import { urlToken } from '../../lib/contracts/text';
import type { AppEnv, Deps } from '../deps';
import { bookingWeeks } from '../domain/booking-weeks';
import {
  alreadyBookedBy,
  type BookableEvent,
  bookableEvent,
  bookingByToken,
  bookSlot,
  cancelBooking,
  openSlots,
} from '../domain/bookings';
import { DomainError } from '../domain/errors';
import { bookingDetailsPage, bookingPage } from '../pages/booking-views';
import { messagePage } from '../pages/layout';

const pathParams = z.object({ handle: eventSlug(), slug: eventSlug() });
const manageToken = urlToken();

const notFoundPage = () =>
  messagePage('Booking page not found', 'There is no booking page at this address.');
const noBookingPage = () => messagePage('Booking not found', 'This booking link does not exist.');

/**
 * PUBLIC_URL/book/<member>/<event>: anyone may book, no account needed. PUBLIC_URL/booking/<token>:
 * the booking's own page (confirmation, Zoom details, cancel), reached only through its link.
 */
export function bookingPageRoutes(deps: Deps) {
  async function render(
    c: { req: { path: string } },
    event: BookableEvent,
    opts: {
      tz?: string;
      from?: string;
      error?: string;
      form?: { name?: string; email?: string };
    },
  ) {
    const chosen = opts.tz !== undefined && isTimeZone(opts.tz);
    const tz = chosen ? (opts.tz as string) : event.eventType.timezone;
    const weeks = bookingWeeks({ from: opts.from, tz, now: deps.now() });
    return bookingPage(event, {
      action: c.req.path,
      slots: await openSlots(deps, event, weeks),
      tz,
      tzChosen: chosen,
      weeks,
      error: opts.error,
      form: opts.form,
    });
  }

  return new Hono<AppEnv>()
    .get('/book/:handle/:slug', async (c) => {
      const params = pathParams.safeParse(c.req.param());
      const event = params.success
        ? await bookableEvent(deps, params.data.handle, params.data.slug)
        : null;
      if (!event) return c.html(notFoundPage(), 404);
      return c.html(await render(c, event, { tz: c.req.query('tz'), from: c.req.query('from') }));
    })
    .post('/book/:handle/:slug', async (c) => {
      const params = pathParams.safeParse(c.req.param());
      const event = params.success
        ? await bookableEvent(deps, params.data.handle, params.data.slug)
        : null;
      if (!event) return c.html(notFoundPage(), 404);
      const raw = await c.req.parseBody();
      const text = (key: string) =>
        typeof raw[key] === 'string' ? (raw[key] as string) : undefined;
      const form = bookingForm.safeParse({
        start: text('start'),
        name: text('name'),
        email: text('email'),
        tz: text('tz'),
      });
      const kept = { name: text('name')?.slice(0, 100), email: text('email')?.slice(0, 254) };
      if (!form.success) {
        const error = form.error.issues.map((i) => i.message).join(' ');
        return c.html(
          await render(c, event, {
            tz: text('tz'),
            from: text('from'),
            error: `Check the form: ${error}`,
            form: kept,
          }),
          400,
        );
      }
      try {
        const { token } = await bookSlot(deps, event, form.data);
        return c.redirect(`/booking/${token}?booked=1`, 303);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'conflict') {
          if (await alreadyBookedBy(deps, event, form.data)) {
            return c.html(
              messagePage(
                "You're already booked",
                `You booked this time already. The details, and the link to cancel, are in the email to ${form.data.email}.`,
              ),
            );
          }
          return c.html(
            await render(c, event, {
              tz: form.data.tz,
              from: text('from'),
              error: err.message,
              form: kept,
            }),
            409,
          );
        }
        throw err;
      }
    })
    .get('/booking/:token', async (c) => {
      const token = manageToken.safeParse(c.req.param('token'));
      const details = token.success ? await bookingByToken(deps, token.data) : null;
      if (!details) return c.html(noBookingPage(), 404);
      return c.html(bookingDetailsPage(details, { justBooked: c.req.query('booked') === '1' }));
    })
    .post('/booking/:token/cancel', async (c) => {
      const token = manageToken.safeParse(c.req.param('token'));
      if (!token.success) return c.html(noBookingPage(), 404);
      try {
        return c.html(
          bookingDetailsPage(await cancelBooking(deps, token.data), { justBooked: false }),
        );
      } catch (err) {
        if (err instanceof DomainError && err.code === 'not_found') {
          return c.html(noBookingPage(), 404);
        }
        throw err;
      }
    });
}
