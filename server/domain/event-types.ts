import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import {
  type CreateEventTypeBody,
  DEFAULT_AVAILABILITY,
  type EventLocation,
  type EventTypesResponse,
  type EventTypeView,
  type UpdateEventTypeBody,
} from '../../lib/contracts/event-types';
import { newId } from '../crypto/tokens';
import { isUniqueViolation } from '../db/errors';
import { accounts, bookings, eventTypes, orgs } from '../db/schema';
import type { Deps, SessionInfo } from '../deps';
import { DomainError } from './errors';
import { memberZoom } from './members';
import { notConnectedMessage } from './zoom-status-words';

/**
 * A member's event types (PRODUCT.md §6). Each member manages only their own: another member's
 * event type is "not found", never "forbidden", so ids reveal nothing.
 */

type EventTypeRow = typeof eventTypes.$inferSelect;

export async function listEventTypes(
  deps: Deps,
  session: SessionInfo,
): Promise<EventTypesResponse> {
  const [rows, [org], handle] = await Promise.all([
    deps.db
      .select()
      .from(eventTypes)
      .where(eq(eventTypes.accountId, session.accountId))
      .orderBy(eventTypes.createdAt, eventTypes.id),
    deps.db
      .select({ zoomDefaultLocation: orgs.zoomDefaultLocation })
      .from(orgs)
      .where(eq(orgs.id, session.orgId)),
    bookingHandleOf(deps, session.accountId),
  ]);
  const attention = await zoomAttention(deps, session, rows);
  const upcoming = await upcomingCounts(deps, rows);
  return {
    eventTypes: rows.map((row) =>
      viewOf(deps, handle ?? '', row, attention.get(row.id) ?? null, upcoming.get(row.id) ?? 0),
    ),
    zoomDefaultLocation: org?.zoomDefaultLocation ?? false,
  };
}

export async function createEventType(
  deps: Deps,
  session: SessionInfo,
  body: CreateEventTypeBody,
): Promise<EventTypeView> {
  const handle = await ensureBookingHandle(deps, session);
  const location = body.location ?? (await defaultLocation(deps, session.orgId));
  const slug = body.slug ?? (await freeSlug(deps, session.accountId, slugify(body.name)));
  const now = deps.now();
  try {
    const [row] = await deps.db
      .insert(eventTypes)
      .values({
        id: newId(),
        orgId: session.orgId,
        accountId: session.accountId,
        slug,
        name: body.name,
        durationMinutes: body.durationMinutes,
        locationKind: location.kind,
        locationDetail: 'detail' in location ? location.detail : null,
        timezone: body.timezone,
        availability: body.availability ?? DEFAULT_AVAILABILITY,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const attention = await zoomAttention(deps, session, [row as EventTypeRow]);
    return viewOf(deps, handle, row as EventTypeRow, attention.get(row?.id ?? '') ?? null, 0);
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
}

export async function updateEventType(
  deps: Deps,
  session: SessionInfo,
  id: string,
  body: UpdateEventTypeBody,
): Promise<EventTypeView> {
  const location = body.location;
  let row: EventTypeRow | undefined;
  try {
    [row] = await deps.db
      .update(eventTypes)
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.slug !== undefined ? { slug: body.slug } : {}),
        ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
        ...(location
          ? {
              locationKind: location.kind,
              locationDetail: 'detail' in location ? location.detail : null,
            }
          : {}),
        ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
        ...(body.availability !== undefined ? { availability: body.availability } : {}),
        updatedAt: deps.now(),
      })
      .where(and(eq(eventTypes.id, id), eq(eventTypes.accountId, session.accountId)))
      .returning();
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
  if (!row) throw notFound();
  const handle = (await bookingHandleOf(deps, session.accountId)) ?? '';
  const attention = await zoomAttention(deps, session, [row]);
  const upcoming = await upcomingCounts(deps, [row]);
  return viewOf(deps, handle, row, attention.get(row.id) ?? null, upcoming.get(row.id) ?? 0);
}

/** Bookings already made stay (they carry a copy of the event); the page stops taking more. */
export async function deleteEventType(deps: Deps, session: SessionInfo, id: string) {
  const deleted = await deps.db
    .delete(eventTypes)
    .where(and(eq(eventTypes.id, id), eq(eventTypes.accountId, session.accountId)))
    .returning({ id: eventTypes.id });
  if (deleted.length === 0) throw notFound();
}

/** Zoom when the org chose "Make Zoom the default location for new event types"; else ask. */
async function defaultLocation(deps: Deps, orgId: string): Promise<EventLocation> {
  const [org] = await deps.db
    .select({ zoom: orgs.zoomDefaultLocation })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  if (org?.zoom) return { kind: 'zoom' };
  throw new DomainError('bad_request', 'Choose where the event takes place.', {
    issues: [{ path: 'location', message: 'Choose a location.' }],
  });
}

export function bookingUrl(deps: Deps, handle: string, slug: string): string {
  return `${deps.env.PUBLIC_URL}/book/${encodeURIComponent(handle)}/${encodeURIComponent(slug)}`;
}

function viewOf(
  deps: Deps,
  handle: string,
  row: EventTypeRow,
  attention: string | null,
  upcoming: number,
): EventTypeView {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    durationMinutes: row.durationMinutes,
    location: { kind: row.locationKind, detail: row.locationDetail },
    timezone: row.timezone,
    availability: row.availability,
    bookingUrl: bookingUrl(deps, handle, row.slug),
    locationNeedsAttention: attention,
    upcomingBookings: upcoming,
  };
}

/**
 * "Location needs attention" for the owner's Zoom event types: their Zoom does not work now, or
 * bookings are still waiting for a meeting Zoom could not make.
 */
async function zoomAttention(
  deps: Deps,
  session: SessionInfo,
  rows: EventTypeRow[],
): Promise<Map<string, string>> {
  const zoomRows = rows.filter((row) => row.locationKind === 'zoom');
  const out = new Map<string, string>();
  if (zoomRows.length === 0) return out;
  const zoom = await memberZoom(deps, session);
  const waiting = await deps.db
    .select({ eventTypeId: bookings.eventTypeId, n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(
      and(
        inArray(
          bookings.eventTypeId,
          zoomRows.map((row) => row.id),
        ),
        eq(bookings.status, 'confirmed'),
        inArray(bookings.meetingState, ['pending', 'failed']),
        gt(bookings.endsAt, deps.now()),
      ),
    )
    .groupBy(bookings.eventTypeId);
  const waitingBy = new Map(waiting.map((w) => [w.eventTypeId, w.n]));
  for (const row of zoomRows) {
    const n = waitingBy.get(row.id) ?? 0;
    if (zoom.status === 'not_connected') {
      out.set(row.id, notConnectedMessage[zoom.reason ?? 'org_not_connected']);
    } else if (n > 0) {
      out.set(
        row.id,
        `${n} upcoming booking${n === 1 ? ' is' : 's are'} still waiting for Zoom details.`,
      );
    }
  }
  return out;
}

async function upcomingCounts(deps: Deps, rows: EventTypeRow[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const counts = await deps.db
    .select({ eventTypeId: bookings.eventTypeId, n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(
      and(
        inArray(
          bookings.eventTypeId,
          rows.map((row) => row.id),
        ),
        eq(bookings.status, 'confirmed'),
        gt(bookings.endsAt, deps.now()),
      ),
    )
    .groupBy(bookings.eventTypeId);
  return new Map(counts.map((c) => [c.eventTypeId ?? '', c.n]));
}

async function bookingHandleOf(deps: Deps, accountId: string): Promise<string | null> {
  const [row] = await deps.db
    .select({ handle: accounts.bookingHandle })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row?.handle ?? null;
}

/**
 * The `<member>` part of the booking links, made once from the member's name: `mia-member`,
 * or `mia-member-2` … when taken. Set only while unset, so two first event types created at
 * once agree on one handle.
 */
async function ensureBookingHandle(deps: Deps, session: SessionInfo): Promise<string> {
  const existing = await bookingHandleOf(deps, session.accountId);
  if (existing) return existing;
  const base = slugify(session.name) || slugify(session.email.split('@')[0] ?? '') || 'member';
  for (let n = 1; n < 50; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    try {
      await deps.db
        .update(accounts)
        .set({ bookingHandle: candidate })
        .where(and(eq(accounts.id, session.accountId), sql`${accounts.bookingHandle} is null`));
    } catch (err) {
      if (isUniqueViolation(err)) continue;
      throw err;
    }
    const handle = await bookingHandleOf(deps, session.accountId);
    if (handle) return handle;
  }
  throw new Error('No free booking handle');
}

async function freeSlug(deps: Deps, accountId: string, base: string): Promise<string> {
  const start = base || 'meeting';
  const taken = new Set(
    (
      await deps.db
        .select({ slug: eventTypes.slug })
        .from(eventTypes)
        .where(eq(eventTypes.accountId, accountId))
    ).map((row) => row.slug),
  );
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? start : `${start.slice(0, 55)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Lowercase ASCII words joined by dashes, at most 60 characters (the slug contract). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

function notFound() {
  return new DomainError('not_found', 'No such event type.');
}

function slugTaken() {
  return new DomainError(
    'conflict',
    'You already have an event type at this link. Choose another.',
  );
}
