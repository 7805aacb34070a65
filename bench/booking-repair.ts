import { runRepairScenario } from '../test/server/repair-scenario';
import { postgresAdminUrl } from './databases';

/**
 * `npm run bench:repair`: the repair of 2,000 upcoming bookings across 20 hosts by two real
 * service processes on PostgreSQL (test/server/repair-scenario.ts), once undisturbed and once
 * with the first process SIGKILLed a quarter of the way. Prints the time from marking to the last
 * booking repaired, the rate, and what Zoom (the sandbox) saw: creates, 429s, its limits.
 * BENCH_REPAIR_BOOKINGS / _HOSTS / _CREATES_PER_SECOND change the size and Zoom's plan.
 */
const bookings = Number(process.env.BENCH_REPAIR_BOOKINGS ?? 2000);
const hosts = Number(process.env.BENCH_REPAIR_HOSTS ?? 20);
const createsPerSecond = Number(process.env.BENCH_REPAIR_CREATES_PER_SECOND ?? 60);

async function main() {
  console.log(
    `Repair of ${bookings} upcoming bookings across ${hosts} hosts, 2 service processes, PostgreSQL; Zoom allows ${createsPerSecond} creates/s per account, 100 per user a day`,
  );
  console.log(
    '| run | time | rate | creates | creates per booking | 429 per-second (retried) | 429 daily | max creates in one second | max per user a day |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const killAt of [null, 0.25]) {
    const run = await runRepairScenario({
      adminUrl: postgresAdminUrl(),
      bookings,
      hosts,
      processes: 2,
      killAt,
      createsPerSecond,
      leaseSeconds: 8,
      tickMs: 250,
      timeoutMs: 600_000,
      log: (line) => console.error(`  ${line}`),
    });
    const counts = [...run.createsPerBooking.values()];
    const label =
      killAt === null ? 'both processes' : `one SIGKILLed after ${run.killedAfter} (lease 8 s)`;
    const perBooking =
      counts.length === bookings && counts.every((n) => n === 1)
        ? 'exactly 1'
        : `${Math.min(...counts)}–${Math.max(...counts)} over ${counts.length}`;
    console.log(
      `| ${label} | ${run.seconds.toFixed(1)} s | ${(run.repaired / run.seconds).toFixed(1)}/s | ${run.creates.length} | ${perBooking} | ${run.qps429} | ${run.daily429} | ${run.maxCreatesPerAccountSecond} | ${run.maxCreatesPerUserDay} |`,
    );
    if (run.stillNeeded > 0) console.log(`  ${run.stillNeeded} bookings were still not repaired`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
