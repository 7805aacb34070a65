import { describe, expect, it } from 'vitest';
import { runRepairScenario } from './repair-scenario';

/**
 * The must-show repair run (PRODUCT.md §6): 2,000 upcoming bookings across 20 hosts move to the
 * org's new Zoom account, repaired by two real service processes on one PostgreSQL, one of them
 * SIGKILLed a quarter of the way. Each booking gets exactly one meeting create at Zoom (the
 * sandbox counts them), Zoom's limits hold (the sandbox enforces Create Meeting's per-second
 * limit per account and 100 a day per user; every 429 was retried, none left a booking behind),
 * and the survivor finishes the killed process's claimed bookings once their lease runs out.
 * PGlite is one process per data folder, so this runs in the PostgreSQL pass of `npm test`.
 * The time and rate are the bench's (`npm run bench:repair`), not asserted here.
 */
const adminUrl = process.env.TEST_DATABASE_URL ?? '';
const onPostgresOnly = it.skipIf(!adminUrl);

const BOOKINGS = 2000;
const HOSTS = 20;

describe('repairing 2,000 bookings with two service processes', () => {
  onPostgresOnly(
    'repairs each once within Zoom’s limits and resumes after one process is killed',
    async () => {
      const run = await runRepairScenario({
        adminUrl,
        bookings: BOOKINGS,
        hosts: HOSTS,
        processes: 2,
        killAt: 0.25,
        // Zoom Business: 60 Create Meeting requests a second per account.
        createsPerSecond: 60,
        leaseSeconds: 8,
        tickMs: 250,
        timeoutMs: 170_000,
      });
      expect(run.killedAfter).not.toBeNull();
      expect(run.stillNeeded).toBe(0);
      // Exactly once: one accepted create per booking, every booking's meeting live in the new
      // account, no meeting there that no booking records.
      expect(run.creates).toHaveLength(BOOKINGS);
      expect(run.createsPerBooking.size).toBe(BOOKINGS);
      expect([...run.createsPerBooking.values()].every((n) => n === 1)).toBe(true);
      expect(run.liveInNewAccount).toBe(BOOKINGS);
      expect(run.orphans).toBe(0);
      // Zoom's limits: the sandbox never let more through, and the one a day never bit.
      expect(run.maxCreatesPerAccountSecond).toBeLessThanOrEqual(60);
      expect(run.maxCreatesPerUserDay).toBeLessThanOrEqual(100);
      expect(run.daily429).toBe(0);
      // One update per booking to the invitee and one to the host; the audit counts them all.
      expect(run.updateMails).toBe(2 * BOOKINGS);
      expect(run.movedInAudit).toBe(BOOKINGS);
    },
    240_000,
  );
});
