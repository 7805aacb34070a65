/** The one table `npm run bench` prints: each figure beside its floor and its budget. */

export type Unit = 'ms' | 'kB' | 'req/s' | 'MB';

export type Budget =
  /** median ÷ floor at most this. */
  | { kind: 'max-ratio'; ratio: number }
  /** median ÷ floor at least this (throughput: more is better). */
  | { kind: 'min-ratio'; ratio: number }
  /** An absolute ceiling on the median, or on the p95 where `on` says so. */
  | { kind: 'max'; value: number; on?: 'median' | 'p95' }
  /** median at most the floor plus something measured beside it (a service round trip). */
  | { kind: 'floor-plus'; what: string };

export interface Floor {
  value: number;
  what: string;
  /** Measured with the floor and added to it by a `floor-plus` budget. */
  plus?: { value: number; what: string };
}

export interface Row {
  figure: string;
  unit: Unit;
  median: number;
  /** The worse tail: p95 of times, the 5th percentile of a throughput. */
  p95?: number;
  floor?: Floor;
  budget?: Budget;
}

export type Verdict = 'met' | 'NOT met' | '–';

export function ratio(row: Row): number | undefined {
  return row.floor && row.floor.value > 0 ? row.median / row.floor.value : undefined;
}

export function verdict(row: Row): Verdict {
  const b = row.budget;
  if (!b) return '–';
  const r = ratio(row);
  switch (b.kind) {
    case 'max-ratio':
      return r !== undefined && r <= b.ratio ? 'met' : 'NOT met';
    case 'min-ratio':
      return r !== undefined && r >= b.ratio ? 'met' : 'NOT met';
    case 'max': {
      const value = b.on === 'p95' ? row.p95 : row.median;
      return value !== undefined && value <= b.value ? 'met' : 'NOT met';
    }
    case 'floor-plus':
      return row.floor && row.median <= floorPlus(row.floor) ? 'met' : 'NOT met';
  }
}

function floorPlus(floor: Floor): number {
  return floor.value + (floor.plus?.value ?? 0);
}

export function format(value: number | undefined, unit: Unit): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  // A fixed-rate run the service could not keep up with (fixed-rate.ts).
  if (value === Number.POSITIVE_INFINITY) return 'overloaded';
  switch (unit) {
    case 'ms':
      return `${value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
    case 'kB':
      return `${value.toFixed(1)} kB`;
    case 'req/s':
      return `${value.toFixed(0)} req/s`;
    case 'MB':
      return `${value.toFixed(0)} MB`;
  }
}

function floorCell(row: Row): string {
  const f = row.floor;
  if (!f) return '–';
  const base = `${format(f.value, row.unit)} (${f.what})`;
  return f.plus ? `${base} + ${format(f.plus.value, row.unit)} (${f.plus.what})` : base;
}

function budgetCell(row: Row): string {
  const b = row.budget;
  if (!b) return '–';
  switch (b.kind) {
    case 'max-ratio':
      return `≤ ${b.ratio.toFixed(2)}×`;
    case 'min-ratio':
      return `≥ ${b.ratio.toFixed(2)}× floor`;
    case 'max':
      return `≤ ${format(b.value, row.unit)}${b.on === 'p95' ? ' (p95)' : ''}`;
    case 'floor-plus':
      return row.floor
        ? `≤ floor + ${b.what} = ${format(floorPlus(row.floor), row.unit)}`
        : `≤ floor + ${b.what}`;
  }
}

const HEADER = ['figure', 'median', 'p95', 'floor', 'ratio', 'budget', 'met'];

/** A Markdown table, padded so it also reads well in a terminal (and pastes into the README). */
export function renderTable(rows: Row[]): string {
  const cells = rows.map((row) => {
    const r = ratio(row);
    return [
      row.figure,
      format(row.median, row.unit),
      format(row.p95, row.unit),
      floorCell(row),
      r === undefined ? '–' : `${r.toFixed(2)}×`,
      budgetCell(row),
      verdict(row),
    ];
  });
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(HEADER), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function summary(rows: Row[]): string {
  const judged = rows.filter((r) => verdict(r) !== '–');
  const missed = judged.filter((r) => verdict(r) === 'NOT met');
  const head = `Budgets met: ${judged.length - missed.length} of ${judged.length}.`;
  return missed.length === 0 ? head : `${head} NOT met: ${missed.map((r) => r.figure).join('; ')}.`;
}
