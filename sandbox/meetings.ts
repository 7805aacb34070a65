import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Meeting, SandboxStore, ZoomUser } from './store.ts';

/** Zoom allows 100 meeting create/update requests per user per day, reset at 00:00 UTC. */
export const DAILY_CREATE_LIMIT = 100;

export const createMeetingBody = z
  .object({
    topic: z.string().max(200).optional(),
    type: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(8)]).optional(),
    start_time: z.string().optional(),
    duration: z.number().int().min(0).optional(),
    timezone: z.string().optional(),
    agenda: z.string().max(2000).optional(),
    password: z.string().max(10).optional(), // maxLength 10 in Zoom's spec
    default_password: z.boolean().optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type CreateMeetingBody = z.infer<typeof createMeetingBody>;

const DIAL_IN_NUMBERS = [
  { city: 'San Jose', country: 'US', country_name: 'US', number: '+1 669 900 6833', type: 'toll' },
  { city: 'New York', country: 'US', country_name: 'US', number: '+1 646 558 8656', type: 'toll' },
  {
    city: 'Frankfurt',
    country: 'DE',
    country_name: 'Germany',
    number: '+49 69 5050 2596',
    type: 'toll',
  },
];

export function dayKey(user: ZoomUser, nowMs: number): string {
  return `${user.id}:${new Date(nowMs).toISOString().slice(0, 10)}`;
}

export function nextUtcMidnight(nowMs: number): string {
  const next = new Date(nowMs);
  next.setUTCHours(24, 0, 0, 0);
  return next.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Zoom takes `start_time` as UTC with `Z`, or as local time in `timezone` without it. */
export function toUtcStartTime(startTime: string, timezone: string): string | undefined {
  const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(startTime);
  const asUtc = Date.parse(hasZone ? startTime : `${startTime}Z`);
  if (Number.isNaN(asUtc)) return undefined;
  const utcMs = hasZone ? asUtc : asUtc - timezoneOffsetMs(timezone, asUtc);
  return isoSeconds(utcMs);
}

function timezoneOffsetMs(timezone: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return local - Math.floor(atMs / 1000) * 1000;
}

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function createMeeting(
  store: SandboxStore,
  host: ZoomUser,
  body: CreateMeetingBody,
  startTimeUtc: string,
): Meeting {
  let id = randomInt(80_000_000_000, 89_999_999_999);
  while (store.meetings.has(id)) id += 1;
  const meeting: Meeting = {
    id,
    uuid: `${randomBytes(16).toString('base64').slice(0, 22)}==`,
    hostId: host.id,
    accountId: host.accountId,
    topic: body.topic ?? 'Zoom meeting',
    type: body.type ?? 2,
    startTime: startTimeUtc,
    duration: body.duration ?? 60,
    timezone: body.timezone ?? 'UTC',
    agenda: body.agenda ?? '',
    password: body.password ?? randomBytes(4).toString('hex').slice(0, 6),
    encryptedPassword: randomBytes(24).toString('base64url'),
    createdAt: isoSeconds(store.now()),
  };
  store.meetings.set(id, meeting);
  return meeting;
}

export function joinUrl(store: SandboxStore, meeting: Meeting): string {
  return `${store.options.baseUrl}/j/${meeting.id}?pwd=${meeting.encryptedPassword}`;
}

/** The create-meeting response fields of Zoom's spec (rivet MeetingsCreateMeetingResponse). */
export function meetingResponse(
  store: SandboxStore,
  meeting: Meeting,
  host: ZoomUser,
  settings: Record<string, unknown> = {},
) {
  const numericPassword = passcodeDigits(meeting.password);
  return {
    uuid: meeting.uuid,
    id: meeting.id,
    host_id: meeting.hostId,
    host_email: host.email,
    topic: meeting.topic,
    type: meeting.type,
    status: 'waiting',
    start_time: meeting.startTime,
    duration: meeting.duration,
    timezone: meeting.timezone,
    agenda: meeting.agenda,
    created_at: meeting.createdAt,
    start_url: `${store.options.baseUrl}/s/${meeting.id}?zak=${randomBytes(24).toString('base64url')}`,
    join_url: joinUrl(store, meeting),
    password: meeting.password,
    h323_password: numericPassword,
    pstn_password: numericPassword,
    encrypted_password: meeting.encryptedPassword,
    pre_schedule: false,
    settings: {
      host_video: false,
      participant_video: false,
      join_before_host: false,
      mute_upon_entry: false,
      waiting_room: false,
      approval_type: 2,
      audio: 'both',
      auto_recording: 'none',
      ...settings,
      global_dial_in_countries: ['US', 'DE'],
      global_dial_in_numbers: DIAL_IN_NUMBERS,
    },
  };
}

function passcodeDigits(password: string): string {
  return [...password].map((char) => char.charCodeAt(0) % 10).join('');
}

function formatMeetingId(id: number): string {
  return String(id).replace(/^(\d{3})(\d{4})(\d+)$/, '$1 $2 $3');
}

export function invitationText(store: SandboxStore, meeting: Meeting, host: ZoomUser): string {
  const name = `${host.firstName} ${host.lastName}`;
  const when = new Intl.DateTimeFormat('en-US', {
    timeZone: isValidTimezone(meeting.timezone) ? meeting.timezone : 'UTC',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(meeting.startTime));
  const digits = passcodeDigits(meeting.password);
  const oneTap = DIAL_IN_NUMBERS.slice(0, 2).map(
    (dial) =>
      `${dial.number.replaceAll(' ', '')},,${meeting.id}#,,,,*${digits}# ${dial.country} (${dial.city})`,
  );
  const byLocation = DIAL_IN_NUMBERS.map(
    (dial) => `• ${dial.number} ${dial.country_name} (${dial.city})`,
  );
  return [
    `${name} is inviting you to a scheduled Zoom meeting.`,
    '',
    `Topic: ${meeting.topic}`,
    `Time: ${when} ${meeting.timezone}`,
    '',
    'Join Zoom Meeting',
    joinUrl(store, meeting),
    '',
    `Meeting ID: ${formatMeetingId(meeting.id)}`,
    `Passcode: ${meeting.password}`,
    '',
    '---',
    '',
    'One tap mobile',
    ...oneTap,
    '',
    '---',
    '',
    'Dial by your location',
    ...byLocation,
    '',
    `Meeting ID: ${formatMeetingId(meeting.id)}`,
    `Passcode: ${digits}`,
    '',
  ].join('\n');
}
