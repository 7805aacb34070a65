import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { buildFloorExtension, buildProductExtension, repoRoot } from './build';
import { bundleRows } from './bundle';
import { type DatabaseKind, prepareDatabase } from './databases';
import { memberTableRows } from './member-table';
import { serviceRows } from './service-load';
import { bearer, SERVICE_URL, startFloorServer, startSandbox, withService } from './stack';
import { type Row, renderTable, summary } from './table';
import { uiRows } from './ui';
import { chromiumVersion } from './ui/browser';

/**
 * `npm run bench`: builds the extension and the floor page, starts its own Zoom sandbox and org
 * service (PostgreSQL, then PGlite), measures every figure beside its floor in the same run, and
 * prints one table (README, Bench). Progress goes to stderr, the table to stdout. It is a
 * report: it exits 0 whether the budgets are met or not.
 */
const knob = (name: string, fallback: number) => Number(process.env[name] || fallback);
const config = {
  orgMembers: knob('BENCH_ORG_MEMBERS', 10_000),
  tableMembers: knob('BENCH_MEMBERS', 100_000),
  iterations: knob('BENCH_ITERATIONS', 40),
  csvIterations: knob('BENCH_CSV_ITERATIONS', 3),
  uiSamples: knob('BENCH_UI_SAMPLES', 20),
  warmups: knob('BENCH_WARMUPS', 3),
  loadSeconds: knob('BENCH_LOAD_SECONDS', 5),
  rateRuns: knob('BENCH_RATE_RUNS', 3),
  explain: process.env.BENCH_EXPLAIN === '1',
};
const SECTIONS = ['ui', 'bundle', 'service', 'table'] as const;
type Section = (typeof SECTIONS)[number];
const only = new Set<Section>(
  process.env.BENCH_ONLY
    ? (process.env.BENCH_ONLY.split(',').map((s) => s.trim()) as Section[])
    : SECTIONS,
);
const DATABASES = (process.env.BENCH_DATABASES || 'postgres,pglite')
  .split(',')
  .map((s) => s.trim()) as DatabaseKind[];
for (const kind of DATABASES) {
  if (kind !== 'postgres' && kind !== 'pglite') throw new Error(`BENCH_DATABASES: no ${kind}`);
}

const started = performance.now();
const log = (line: string) =>
  console.error(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const loadAtStart = loadavg()[0] ?? 0;
const rows: Record<Section, Row[]> = { ui: [], bundle: [], service: [], table: [] };
let uiDatabase = '';

let built: { extension: string; floor: string } | undefined;
if (only.has('ui') || only.has('bundle')) {
  const out = join(repoRoot, '.output/bench');
  const extension = await buildProductExtension({
    outDir: join(out, 'extension'),
    serviceUrl: SERVICE_URL,
  });
  const floor = await buildFloorExtension({ outDir: join(out, 'floor') });
  log(`built the extension (${extension.seconds.toFixed(1)} s) and the floor page`);
  built = { extension: extension.dir, floor: floor.dir };
  if (only.has('bundle')) rows.bundle = bundleRows(built.extension, built.floor);
}

if (only.has('ui') || only.has('service')) {
  const sandbox = await startSandbox();
  try {
    for (const kind of DATABASES) {
      const wantUi = only.has('ui') && uiDatabase === '';
      if (!wantUi && !only.has('service')) break;
      const db = await prepareDatabase(kind, config.orgMembers);
      if (!db) continue;
      log(`${db.label}: seeded ${config.orgMembers.toLocaleString('en-US')} members`);
      await withService(db, sandbox.url, async ({ service, member, admin }) => {
        log(`${db.label}: service up, org connected through the Zoom sandbox`);
        if (wantUi && built) {
          uiDatabase = db.label;
          rows.ui = await uiRows({
            extensionDir: built.extension,
            floorDir: built.floor,
            member,
            admin,
            memberCount: config.orgMembers,
            sampling: { samples: config.uiSamples, warmups: config.warmups },
            log: (line) => log(`UI: ${line}`),
          });
        }
        if (!only.has('service')) return;
        log(`${db.label}: load runs`);
        const floor = await startFloorServer(db);
        try {
          const loaded = await serviceRows({
            label: db.label,
            service,
            floor,
            me: { url: `${SERVICE_URL}/api/me`, headers: bearer(member) },
            members: { url: `${SERVICE_URL}/api/org/members?limit=50`, headers: bearer(admin) },
            floorTarget: { url: `${floor.url}/floor/${member.account.id}` },
            seconds: config.loadSeconds,
            rateRuns: config.rateRuns,
          });
          rows.service.push(...loaded);
        } finally {
          await floor.stop();
        }
      });
    }
  } finally {
    await sandbox.close();
  }
}

if (only.has('table')) {
  for (const kind of DATABASES) {
    rows.table.push(
      ...(await memberTableRows(
        kind,
        {
          members: config.tableMembers,
          iterations: config.iterations,
          csvIterations: config.csvIterations,
          explain: config.explain,
        },
        log,
      )),
    );
  }
}

const all = SECTIONS.flatMap((s) => rows[s]);
const seconds = (performance.now() - started) / 1000;
const cores = cpus().length;
const loadAtEnd = loadavg()[0] ?? 0;
const header = [
  `npm run bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cores} cores, load average ${loadAtStart.toFixed(2)} at start and ${loadAtEnd.toFixed(2)} at end`,
];
if (Math.max(loadAtStart, loadAtEnd) > cores) {
  header.push(
    'The machine was busy with other work: absolute figures (service ones most) are not comparable with a quiet run; the ABBA ratios hold up better.',
  );
}
if (uiDatabase) {
  header.push(
    `UI figures: headless ${await chromiumVersion()} against the service on ${uiDatabase}, ${config.orgMembers.toLocaleString('en-US')} members; ${config.uiSamples} samples of each side, ABBA, after ${config.warmups} warm-up${config.warmups === 1 ? '' : 's'}.`,
  );
}
console.log(
  [
    '',
    ...header,
    '',
    renderTable(all),
    '',
    summary(all),
    `Wall time: ${seconds.toFixed(0)} s.`,
  ].join('\n'),
);
