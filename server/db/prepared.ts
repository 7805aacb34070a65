import { createHash } from 'node:crypto';
import { Column, type DriverValueDecoder, is, Param, Placeholder, SQL, sql } from 'drizzle-orm';
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
    const names = Object.keys(columns);
    const selected = Object.values(columns);
    // PostgreSQL takes at most 100 arguments to a function (FUNC_MAX_ARGS).
    if (selected.length > 100) throw new Error(`${key}: too many columns for json_build_array`);
    const row = sql<unknown[]>`json_build_array(${sql.join(selected, sql`, `)})`;
    const { sql: text, params } = build({ row }).toSQL();
    const decoders = selected.map(decoderOf);
    const driver = rowsDriver(db);
    // Bound values: the constants as they are; each placeholder filled per run.
    const placeholders: { i: number; name: string }[] = [];
    params.forEach((param, i) => {
      if (is(param, Placeholder)) placeholders.push({ i, name: param.name });
      else if (is(param, Param) && is(param.value, Placeholder)) {
        throw new Error(`${key}: a placeholder with an encoder is not supported here`);
      }
    });
    return {
      async execute(values) {
        const bound = params.slice();
        for (const { i, name: placeholder } of placeholders) {
          if (!(placeholder in values))
            throw new Error(`No value for placeholder "${placeholder}"`);
          bound[i] = values[placeholder];
        }
        const rows = await driver.rows(name, text, bound);
        return rows.map(([json]) => {
          const got = json as unknown[];
          const named: Record<string, unknown> = {};
          for (let c = 0; c < names.length; c++) {
            const value = got[c];
            named[names[c] as string] =
              value === null
                ? null
                : (decoders[c] as DriverValueDecoder<unknown, unknown>).mapFromDriverValue(value);
          }
          return named as Row;
        });
      },
    };
  });
}

/** As drizzle picks a field's decoder (`mapResultRow`); an SQL's is internal in its types. */
function decoderOf(selected: Selected): DriverValueDecoder<unknown, unknown> {
  if (is(selected, Column)) return selected;
  const expression = is(selected, SQL) ? selected : selected.sql;
  return (expression as unknown as { decoder: DriverValueDecoder<unknown, unknown> }).decoder;
}
