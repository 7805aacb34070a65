import type { WeeklyAvailability } from '../lib/contracts/event-types';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface TimeWindow {
  start: string;
  end: string;
}

/** The week as the editor holds it: index 0 is Monday, each day its windows in order. */
export type WeekWindows = TimeWindow[][];

export function weekOf(availability: WeeklyAvailability): WeekWindows {
  return WEEKDAYS.map((_, i) =>
    availability
      .filter((w) => w.day === i + 1)
      .map(({ start, end }) => ({ start, end }))
      .sort((a, b) => a.start.localeCompare(b.start)),
  );
}

export function availabilityOf(week: WeekWindows): WeeklyAvailability {
  return week.flatMap((windows, i) =>
    [...windows]
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((w) => ({ day: i + 1, start: w.start, end: w.end })),
  );
}

/** The first problem with the week, in words, or null: each window ends after it starts, and
 * the windows of one day don't overlap (the service checks the same). */
export function weekProblem(week: WeekWindows): string | null {
  for (const [i, windows] of week.entries()) {
    const sorted = [...windows].sort((a, b) => a.start.localeCompare(b.start));
    for (const [k, w] of sorted.entries()) {
      if (!(w.start < w.end)) return `${WEEKDAYS[i]}: each time must end after it starts.`;
      const next = sorted[k + 1];
      if (next && next.start < w.end) return `${WEEKDAYS[i]}: the times overlap.`;
    }
  }
  return null;
}

/** The next window to offer on a day: after its last one, else a working day. */
function nextWindow(windows: TimeWindow[]): TimeWindow {
  const last = windows.at(-1);
  if (!last) return { start: '09:00', end: '17:00' };
  const [h = 0, m = 0] = last.end.split(':').map(Number);
  const start = Math.min(h * 60 + m + 60, 22 * 60);
  const clock = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return { start: clock(start), end: clock(Math.min(start + 60, 23 * 60 + 59)) };
}

/**
 * Weekly availability, several times a day (a lunch break, a morning and an evening): one row per
 * weekday with its times, "Add time" and "Remove" for each; a day without times is unavailable.
 */
export function AvailabilityEditor({
  week,
  onChange,
}: {
  week: WeekWindows;
  onChange: (week: WeekWindows) => void;
}) {
  const setDay = (day: number, windows: TimeWindow[]) =>
    onChange(week.map((w, i) => (i === day ? windows : w)));

  return (
    <div className="stack tight">
      {WEEKDAYS.map((dayName, day) => {
        const windows = week[day] ?? [];
        return (
          // biome-ignore lint/a11y/useSemanticElements: a fieldset per day would nest legends in the form's fieldset
          <div key={dayName} role="group" aria-label={dayName} className="row availability-day">
            <span className="availability-day-name">{dayName}</span>
            <span className="availability-times">
              {windows.length === 0 && <span className="small muted">Unavailable</span>}
              {windows.map((w, k) => {
                const which = windows.length > 1 ? ` (time ${k + 1})` : '';
                const edit = (change: Partial<TimeWindow>) =>
                  setDay(
                    day,
                    windows.map((x, j) => (j === k ? { ...x, ...change } : x)),
                  );
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: windows have no identity but their place
                  <span key={k} className="row-inline">
                    <input
                      className="input"
                      type="time"
                      required
                      aria-label={`${dayName} from${which}`}
                      value={w.start}
                      onChange={(e) => edit({ start: e.target.value })}
                    />
                    <span aria-hidden="true">–</span>
                    <input
                      className="input"
                      type="time"
                      required
                      aria-label={`${dayName} until${which}`}
                      value={w.end}
                      onChange={(e) => edit({ end: e.target.value })}
                    />
                    <button
                      type="button"
                      className="button small-button"
                      aria-label={`Remove ${dayName} ${w.start}–${w.end}`}
                      onClick={() =>
                        setDay(
                          day,
                          windows.filter((_, j) => j !== k),
                        )
                      }
                    >
                      Remove
                    </button>
                  </span>
                );
              })}
            </span>
            <button
              type="button"
              className="button small-button"
              aria-label={`Add a time on ${dayName}`}
              onClick={() => setDay(day, [...windows, nextWindow(windows)])}
            >
              Add time
            </button>
          </div>
        );
      })}
    </div>
  );
}
