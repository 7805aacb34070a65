import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../server/db/client';
import { isUniqueViolation } from '../../server/db/errors';
import { orgs } from '../../server/db/schema';

/**
 * On PGlite, `.prepare(name)` is a named statement parsed and planned once (server/db/
 * pglite-named.ts), as it is on PostgreSQL through node-postgres. PGlite is opened here whatever
 * TEST_DATABASE_URL says: this is its driver's behaviour.
 */
let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openDatabase({ kind: 'pglite', dataDir: null });
  await handle.db.insert(orgs).values([
    { id: 'org_a', name: 'A', allowMemberRemoval: true },
    { id: 'org_b', name: 'B' },
  ]);
});
afterAll(() => handle.close());

const orgColumns = () =>
  handle.db
    .select({
      id: orgs.id,
      name: orgs.name,
      allowMemberRemoval: orgs.allowMemberRemoval,
      createdAt: orgs.createdAt,
      note: sql<{
        n: number;
      } | null>`case when ${orgs.id} = 'org_a' then json_build_object('n', 1) end`,
    })
    .from(orgs);
const orgById = () => orgColumns().where(eq(orgs.id, sql.placeholder('id')));

async function preparedStatements() {
  const result = await handle.db.execute<{
    name: string;
    generic_plans: number;
    custom_plans: number;
  }>(sql`select name, generic_plans::int, custom_plans::int from pg_prepared_statements`);
  return result.rows;
}

describe('named statements on PGlite', () => {
  it('parses a named statement once and runs it by name after', async () => {
    const statement = orgById().prepare('test_org_by_id');
    for (let i = 0; i < 8; i++) await statement.execute({ id: 'org_a' });
    const entry = (await preparedStatements()).find((s) => s.name === 'test_org_by_id');
    expect(entry).toBeDefined();
    // Eight executions of the one statement: PostgreSQL's plan cache saw them all.
    expect((entry?.generic_plans ?? 0) + (entry?.custom_plans ?? 0)).toBe(8);
  });

  it('runs a statement used by two requests at once for the first time (parsed once)', async () => {
    const statement = orgById().prepare('test_org_by_id_concurrent');
    const answers = await Promise.all([
      statement.execute({ id: 'org_a' }),
      statement.execute({ id: 'org_b' }),
    ]);
    expect(answers.map((rows) => rows.map((r) => r.id))).toEqual([['org_a'], ['org_b']]);
  });

  it('answers exactly what the unprepared query answers, types and all', async () => {
    const statement = orgById().prepare('test_org_by_id_types');
    for (const id of ['org_a', 'org_b', 'org_missing']) {
      const prepared = await statement.execute({ id });
      const plain = await orgColumns().where(eq(orgs.id, id));
      expect(prepared).toEqual(plain);
    }
    const [a] = await statement.execute({ id: 'org_a' });
    expect(a?.createdAt).toBeInstanceOf(Date);
    expect(a?.allowMemberRemoval).toBe(true);
    expect(a?.note).toEqual({ n: 1 });
  });

  it("raises the database's error with its code, and the statement and database work after", async () => {
    const insert = handle.db
      .insert(orgs)
      .values({ id: sql.placeholder('id'), name: 'Dup' })
      .prepare('test_org_insert');
    await insert.execute({ id: 'org_c' });
    const failure = await insert.execute({ id: 'org_c' }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isUniqueViolation(failure)).toBe(true);
    await insert.execute({ id: 'org_d' });
    const ids = (await handle.db.select({ id: orgs.id }).from(orgs)).map((r) => r.id).sort();
    expect(ids).toEqual(['org_a', 'org_b', 'org_c', 'org_d']);
  });

  it('waits for an open transaction instead of running inside it', async () => {
    const statement = orgById().prepare('test_org_by_id_tx');
    let read: Promise<unknown> | undefined;
    await handle.db
      .transaction(async (tx) => {
        await tx.insert(orgs).values({ id: 'org_tx', name: 'In a transaction' });
        read = statement.execute({ id: 'org_tx' });
        // Give the read every chance to run now, inside the transaction, if it could.
        await new Promise((resolve) => setTimeout(resolve, 50));
        tx.rollback();
      })
      .catch(() => undefined);
    expect(await read).toEqual([]);
  });
});
