import { html } from 'hono/html';
import { locationLabels } from '../../lib/contracts/event-types';
import type { BookingWeeks } from '../domain/booking-weeks';
import type { BookableEvent, BookingDetails } from '../domain/bookings';
import { formatWhen, whereLines } from '../mail/booking-mails';
import { page } from './layout';

/**
 * The public booking pages: pick a time, book, see (and cancel) the booking. Plain forms that
 * work without script; book-page.js only picks the visitor's time zone on the first visit.
 */

let zoneList: string[] | undefined;
function timeZones(): string[] {
  zoneList ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zoneList;
}

function dayLabel(at: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  }).format(at);
}

function timeLabel(at: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}

/** A calendar date (YYYY-MM-DD) in words: "Sunday, November 29". */
function dateLabel(date: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** Slots grouped by the visitor's calendar day, in order. */
function byDay(slots: Date[], tz: string): [string, Date[]][] {
  const days = new Map<string, Date[]>();
  for (const slot of slots) {
    const label = dayLabel(slot, tz);
    days.set(label, [...(days.get(label) ?? []), slot]);
  }
  return [...days.entries()];
}

export function bookingPage(
  event: BookableEvent,
  input: {
    action: string;
    slots: Date[];
    tz: string;
    tzChosen: boolean;
    weeks: BookingWeeks;
    error?: string;
    form?: { name?: string; email?: string };
  },
) {
  const { eventType, host } = event;
  const days = byDay(input.slots, input.tz);
  const { weeks } = input;
  // The invitee's zone stays in the links once it is theirs; before that, the script picks it.
  const pageLink = (from: string) =>
    `${input.action}?${new URLSearchParams({ ...(input.tzChosen ? { tz: input.tz } : {}), from })}`;
  const shown = `${dateLabel(weeks.firstDay)} to ${dateLabel(weeks.lastDay)}`;
  let n = 0;
  return page(
    `${eventType.name} with ${host.name}`,
    html`<h1>${eventType.name}</h1>
      <p>
        With ${host.name} · ${eventType.durationMinutes} minutes ·
        ${locationLabels[eventType.locationKind]}
      </p>
      <form method="get" action="${input.action}" class="form" ${input.tzChosen ? '' : html`data-pick-time-zone`}>
        <label for="tz">Your time zone</label>
        <select id="tz" name="tz">
          ${timeZones().map(
            (zone) =>
              html`<option value="${zone}" ${zone === input.tz ? 'selected' : ''}>${zone}</option>`,
          )}
        </select>
        <input type="hidden" name="from" value="${weeks.firstDay}" />
        <button type="submit">Show times</button>
      </form>
      <nav class="weeks" aria-label="Weeks">
        <p id="shown-days">Times from ${shown}</p>
        ${weeks.earlier ? html`<a href="${pageLink(weeks.earlier)}" rel="prev" aria-describedby="shown-days">Earlier</a>` : ''}
        ${weeks.later ? html`<a href="${pageLink(weeks.later)}" rel="next" aria-describedby="shown-days">Later</a>` : ''}
      </nav>
      ${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
      ${
        days.length === 0
          ? html`<p>No free times from ${shown}.${weeks.later ? ' Try later times, or ask' : ' Ask'} ${host.name} for another time.</p>`
          : html`<form method="post" action="${input.action}" class="form" data-booking>
              <input type="hidden" name="tz" value="${input.tz}" />
              <input type="hidden" name="from" value="${weeks.firstDay}" />
              ${days.map(
                ([day, slots]) => html`<fieldset class="slots">
                  <legend>${day}</legend>
                  ${slots.map((slot) => {
                    n += 1;
                    return html`<span class="slot">
                      <input type="radio" name="start" id="slot-${n}" value="${slot.toISOString()}" required />
                      <label for="slot-${n}">${timeLabel(slot, input.tz)}</label>
                    </span>`;
                  })}
                </fieldset>`,
              )}
              <label for="name">Your name</label>
              <input id="name" name="name" autocomplete="name" required maxlength="100" value="${input.form?.name ?? ''}" />
              <label for="email">Your email</label>
              <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${input.form?.email ?? ''}" />
              <button type="submit">Book</button>
            </form>`
      }`,
    { script: 'book-page.js' },
  );
}

export function bookingDetailsPage(details: BookingDetails, opts: { justBooked: boolean }) {
  const { booking, facts } = details;
  const tz = facts.invitee.timezone;
  const cancelled = booking.status === 'cancelled';
  const title = cancelled
    ? 'This booking is cancelled'
    : opts.justBooked
      ? "You're booked"
      : `${facts.eventName} with ${facts.host.name}`;
  const zoomLine =
    facts.location.kind !== 'zoom'
      ? null
      : facts.zoom
        ? html`<p>
              <a class="button" href="${facts.zoom.joinUrl}">Join Zoom meeting</a>
            </p>
            <p>Join link: <a href="${facts.zoom.joinUrl}">${facts.zoom.joinUrl}</a></p>
            ${facts.zoom.passcode ? html`<p>Passcode: <strong>${facts.zoom.passcode}</strong></p>` : ''}`
        : html`<p class="warn" role="status">
            The Zoom meeting isn't ready yet: the Zoom details will follow by email to
            ${facts.invitee.email}.
          </p>`;
  return page(
    title,
    html`<h1>${title}</h1>
      <p>
        <strong>${facts.eventName}</strong> with ${facts.host.name}<br />
        ${formatWhen(facts.start, facts.end, tz)}
      </p>
      ${
        cancelled
          ? facts.hostLeft
            ? html`<p>Nothing more to do: ${facts.invitee.email} was emailed.</p>`
            : html`<p>Nothing more to do: ${facts.host.name} and ${facts.invitee.email} were emailed.</p>`
          : html`${zoomLine ?? html`<p>${whereLines(facts).join(' ')}</p>`}
            ${opts.justBooked ? html`<p class="muted">We emailed the details and a calendar invite to ${facts.invitee.email}.</p>` : ''}
            <form method="post" action="${new URL(facts.manageUrl ?? '').pathname}/cancel" class="form">
              <button type="submit" class="secondary">Cancel booking</button>
            </form>`
      }`,
  );
}
