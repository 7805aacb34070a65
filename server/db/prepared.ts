import { createHash } from 'node:crypto';
import {
  Column,
  type DriverValueDecoder,
  is,
  Param,
  Placeholder,
  SQL,
  type SQLWrapper,
  sql,
  type Table,
} from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { type Database, rowsDriver } from './client';

/**
 * Prepared statements, built once per database handle and variant. Building a drizzle query
 * costs about as much JS time as sending it, and on PostgreSQL a named statement is parsed and
 * planned once per connection instead of on every request (node-postgres keeps it per client).
 * A name must always stand for the same SQL text on a connection, so a statement whose SQL
 * varies gets one name per variant, derived from the variant's key.
 */
const statements = new WeakMap<Database, Map<string, unknown>>();

export function prepared<T>(db: Database, key: string, build: (name: string) => T): T {
  let forDb = statements.get(db);
  if (!forDb) {
    forDb = new Map();
    statements.set(db, forDb);
  }
  let statement = forDb.get(key) as T | undefined;
  if (!statement) {
    statement = build(statementName(key));
    forDb.set(key, statement);
  }
  return statement;
}

/** PostgreSQL cuts names at 63 bytes, so a long key is shortened to a prefix and a hash. */
function statementName(key: string): string {
  if (/^[a-z_]{1,63}$/.test(key)) return key;
  const prefix = key.replace(/[^a-z_].*$/, '').slice(0, 40);
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

/** One statement run through `preparedRows`: rows named after the selection's keys. */
export interface RowsStatement<Row> {
  execute(values: Record<string, unknown>): Promise<Row[]>;
}

type Selected = Column | SQL | SQL.Aliased;

/**
 * A prepared statement run straight on the driver, for the session lookup that every /api request
 * makes. drizzle's `execute` wraps each run in tracing spans, fills the placeholders and maps
 * every column through its decoder; node-postgres, below it, parses a row description and builds
 * a parser per column on every run (it keeps none per statement). For the lookup's 15 columns
 * each cost about 5 µs of JS per request (measured in-process on the bench's data, against ~35
 * for the whole statement on the driver), and most of its garbage. So:
 *
 * - the SQL and its parameters are drizzle's (`build` writes the query as usual), taken once;
 * - the selection comes back as one column, a JSON array (`json_build_array` of the columns, in
 *   the order of `columns`), parsed by the driver with `JSON.parse`;
 * - each value goes through its column's drizzle decoder, as drizzle would (a timestamp's ISO
 *   text becomes a Date), and is named after its key in `columns`.
 *
 * Both drivers parse JSON alike, and the query logger still sees the statement.
 */
export function preparedRows<Row>(
  db: Database,
  key: string,
  columns: Record<string, Selected>,
  build: (selection: { row: SQL<unknown[]> }) => { toSQL(): { sql: string; params: unknown[] } },
): RowsStatement<Row> {
  return prepared(db, key, (name) => {
    const compiled = compile<Row>(key, columns, (row) => build({ row }).toSQL());
    const driver = rowsDriver(db);
    return {
      async execute(values) {
        const rows = await driver.rows(name, compiled.text, compiled.bind(values));
        return rows.map(([json]) => compiled.decode(json as unknown[]));
      },
    };
  });
}

/**
 * "Is there a row of `table` for which `where(now)` holds?": the question a claiming tick asks
 * before its UPDATE … FOR UPDATE SKIP LOCKED, nearly always answered "no". One named statement run
 * on the driver, `now` bound per run, built and planned once per connection; on PGlite, whose
 * planning is most of a small statement's cost, that is what makes the question cheap to ask.
 */
export function preparedAnyDue(
  db: Database,
  key: string,
  table: Table,
  where: (now: SQL) => SQL,
): (now: Date) => Promise<boolean> {
  const statement = prepared(db, key, (name) => {
    const now = sql`${sql.placeholder('now')}`;
    const compiled = compile<{ due: boolean }>(
      key,
      { due: sql<boolean>`exists (select 1 from ${table} where ${where(now)})` },
      (row) => dialect.sqlToQuery(sql`select ${row}`),
    );
    return { name, compiled, driver: rowsDriver(db) };
  });
  return async (at) => {
    const { name, compiled, driver } = statement;
    // As drizzle binds a timestamptz column's Date: an ISO string (identical on both drivers).
    const [answer] = await driver.rows(
      name,
      compiled.text,
      compiled.bind({ now: at.toISOString() }),
    );
    return compiled.decode(answer?.[0] as unknown[]).due === true;
  };
}

/** One list statement run through `preparedList`: its rows, and the one value read beside them. */
export interface ListStatement<Row, Extra> {
  execute(values: Record<string, unknown>): Promise<{ rows: Row[]; extra: Extra }>;
}

/**
 * A list (a page of the member table) read as one value, for the same reasons as `preparedRows`
 * and more so: node-postgres and PGlite parse and type every field of every row, which for a page
 * of 51 rows of 10 columns cost PGlite more than running the statement (measured on the bench's
 * 10,000-member org: 1.5 ms against 0.8 ms for the same page as one JSON value). So
 *
 *   select array_to_json(array(<query> limit <limit>)), <extra>
 *
 * `build` writes the query, ordered, with the selection as its only column; the ARRAY
 * constructor keeps the query's order (https://www.postgresql.org/docs/current/sql-expressions.html#SQL-SYNTAX-ARRAY-CONSTRUCTORS).
 * `extra` is one more value computed once beside the rows (a count), there even when no row is.
 *
 * The limit is written into the SQL, not bound: with `LIMIT $n` PostgreSQL cannot cost a generic
 * plan for a small page, finds it dearer than a custom one, and so plans the statement afresh on
 * every run (https://www.postgresql.org/docs/current/sql-prepare.html, "plan_cache_mode"); the
 * caller makes the limit part of `key`. `named: false` runs it unnamed, planned for its values
 * each time (a search, whose best plan depends on its pattern).
 */
export function preparedList<Row, Extra>(
  db: Database,
  key: string,
  columns: Record<string, Selected>,
  opts: ListOptions<Extra> & { named: boolean },
): ListStatement<Row, Extra> {
  return prepared(db, key, (name) => {
    const compiled = compile<Row>(key, columns, (row) => dialect.sqlToQuery(listSql(row, opts)));
    const driver = rowsDriver(db);
    const statementName = opts.named ? name : undefined;
    return {
      async execute(values) {
        const [answer] = await driver.rows(statementName, compiled.text, compiled.bind(values));
        const [list, extra] = answer as [unknown[][], Extra];
        return { rows: list.map((row) => compiled.decode(row)), extra };
      },
    };
  });
}

interface ListOptions<Extra> {
  build: (selection: { row: SQL<unknown[]> }) => SQLWrapper;
  limit: number;
  extra: SQL<Extra>;
}

function listSql<Extra>(row: SQL<unknown[]>, opts: ListOptions<Extra>): SQL {
  if (!Number.isSafeInteger(opts.limit) || opts.limit < 0) {
    throw new Error(`A list's limit must be a whole number, not ${opts.limit}`);
  }
  const limit = sql.raw(String(opts.limit));
  return sql`select array_to_json(array(${opts.build({ row }).getSQL()} limit ${limit})), ${opts.extra}`;
}

/** The SQL and parameters `preparedList` runs for these columns (EXPLAIN in the bench). */
export function listQuery<Extra>(columns: Record<string, Selected>, opts: ListOptions<Extra>) {
  return dialect.sqlToQuery(listSql(jsonRow('list', columns), opts));
}

const dialect = new PgDialect();

/** The selection as one column: `json_build_array` of the columns, in the order of `columns`. */
function jsonRow(key: string, columns: Record<string, Selected>): SQL<unknown[]> {
  const selected = Object.values(columns);
  // PostgreSQL takes at most 100 arguments to a function (FUNC_MAX_ARGS).
  if (selected.length > 100) throw new Error(`${key}: too many columns for json_build_array`);
  return sql<unknown[]>`json_build_array(${sql.join(selected, sql`, `)})`;
}

/**
 * A selection as one `json_build_array` column, the statement's SQL and how to fill and read it:
 * its placeholders filled per run (the constants bound as they are), and each value of a row
 * through its column's drizzle decoder (a timestamp's ISO text becomes a Date), named after its
 * key in `columns`.
 */
function compile<Row>(
  key: string,
  columns: Record<string, Selected>,
  toQuery: (row: SQL<unknown[]>) => { sql: string; params: unknown[] },
) {
  const names = Object.keys(columns);
  const selected = Object.values(columns);
  const { sql: text, params } = toQuery(jsonRow(key, columns));
  const decoders = selected.map(decoderOf);
  const placeholders: { i: number; name: string }[] = [];
  params.forEach((param, i) => {
    if (is(param, Placeholder)) placeholders.push({ i, name: param.name });
    else if (is(param, Param) && is(param.value, Placeholder)) {
      throw new Error(`${key}: a placeholder with an encoder is not supported here`);
    }
  });
  return {
    text,
    bind(values: Record<string, unknown>): unknown[] {
      const bound = params.slice();
      for (const { i, name: placeholder } of placeholders) {
        if (!(placeholder in values)) throw new Error(`No value for placeholder "${placeholder}"`);
        bound[i] = values[placeholder];
      }
      return bound;
    },
    decode(got: unknown[]): Row {
      const named: Record<string, unknown> = {};
      for (let c = 0; c < names.length; c++) {
        const value = got[c];
        named[names[c] as string] =
          value === null
            ? null
            : (decoders[c] as DriverValueDecoder<unknown, unknown>).mapFromDriverValue(value);
      }
      return named as Row;
    },
  };
}

/** As drizzle picks a field's decoder (`mapResultRow`); an SQL's is internal in its types. */
function decoderOf(selected: Selected): DriverValueDecoder<unknown, unknown> {
  if (is(selected, Column)) return selected;
  const expression = is(selected, SQL) ? selected : selected.sql;
  return (expression as unknown as { decoder: DriverValueDecoder<unknown, unknown> }).decoder;
}
