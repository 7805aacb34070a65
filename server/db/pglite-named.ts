import {
  type PGlite,
  parse as pgliteParse,
  protocol,
  type QueryOptions,
  type Results,
} from '@electric-sql/pglite';

/**
 * Named prepared statements on PGlite. Its `query()` parses, describes and plans every statement
 * afresh (an unnamed statement each time), and drizzle's PGlite driver ignores the name given to
 * `.prepare(name)`. Planning is most of a small query's cost in the WASM build: about 11 ms for
 * the session lookup's six-table join against 0.6 ms to run it prepared (measured on the bench's
 * 10,000-member org). So a named statement is parsed once (Parse + Describe), and each call
 * after is one Bind/Describe/Execute/Sync message, as node-postgres does on PostgreSQL
 * (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY).
 * PostgreSQL's plan cache then decides per statement between custom and generic plans, the same
 * rule as on the server.
 *
 * Each call holds PGlite's transaction and query locks, exactly as `query()` does, so it never
 * runs inside someone else's transaction. Statements are kept per PGlite instance; a name must
 * always stand for the same SQL (server/db/prepared.ts guarantees it), and one that does not is
 * run unprepared rather than against the wrong statement.
 */
const { serialize } = protocol;
const { parseDescribeStatementResults, parseResults } = pgliteParse;

interface Parsed {
  text: string;
  paramTypes: number[];
}

export interface NamedQueries {
  query<T>(
    name: string,
    text: string,
    params: unknown[],
    options?: QueryOptions,
  ): Promise<Results<T>>;
}

export function namedQueries(client: PGlite): NamedQueries {
  const parsed = new Map<string, Parsed>();

  /** Parse + Describe once; the parameter types decide how each value is serialized. */
  async function parse(name: string, text: string): Promise<Parsed> {
    const messages = [];
    try {
      messages.push(
        ...(
          await client.execProtocol(serialize.parse({ name, text, types: [] }), {
            syncToFs: false,
          })
        ).messages,
        ...(
          await client.execProtocol(serialize.describe({ type: 'S', name }), {
            syncToFs: false,
          })
        ).messages,
      );
    } finally {
      await client.execProtocol(serialize.sync(), { syncToFs: false });
    }
    const statement = { text, paramTypes: parseDescribeStatementResults(messages) };
    parsed.set(name, statement);
    return statement;
  }

  function serializeParams(statement: Parsed, params: unknown[], options?: QueryOptions) {
    return params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const oid = statement.paramTypes[i] ?? 0;
      const serializer = options?.serializers?.[oid] ?? client.serializers[oid];
      return serializer ? serializer(param) : String(param);
    });
  }

  return {
    async query<T>(name: string, text: string, params: unknown[], options?: QueryOptions) {
      const known = parsed.get(name);
      if (known && known.text !== text) return client.query<T>(text, params, options);
      await client._checkReady();
      return client._runExclusiveTransaction(() =>
        client._runExclusiveQuery(async () => {
          // Read again under the lock: a call that was waiting for it may have parsed it first.
          const statement = parsed.get(name) ?? (await parse(name, text));
          const values = serializeParams(statement, params, options) as string[];
          const message = concat([
            serialize.bind({ statement: name, values }),
            serialize.describe({ type: 'P' }),
            serialize.execute({}),
            serialize.sync(),
          ]);
          // Throws the DatabaseError (with its SQLSTATE `code`) once Sync has been answered.
          const { messages } = await client.execProtocol(message);
          return parseResults(messages, client.parsers, options)[0] as Results<T>;
        }),
      );
    },
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** What drizzle's PGlite session and prepared query are, as far as this module touches them. */
interface DrizzlePgliteSession {
  prepareQuery(
    query: unknown,
    fields: unknown,
    name: string | undefined,
    ...rest: unknown[]
  ): {
    client: Pick<PGlite, 'query'>;
  };
}

/**
 * Makes `.prepare(name)` on `db` (drizzle over PGlite) a named statement: the prepared query's
 * client becomes one whose `query` goes through `namedQueries`. Only the top-level session:
 * inside a transaction drizzle makes another session, and statements there run unprepared.
 */
export function prepareNamedOnPglite(db: unknown, client: PGlite): void {
  const session = (db as { session: DrizzlePgliteSession }).session;
  const named = namedQueries(client);
  const prepareQuery = session.prepareQuery.bind(session);
  session.prepareQuery = (query, fields, name, ...rest) => {
    const statement = prepareQuery(query, fields, name, ...rest);
    if (name) {
      statement.client = {
        query: (text: string, params?: unknown[], options?: QueryOptions) =>
          named.query(name, text, params ?? [], options),
      } as Pick<PGlite, 'query'>;
    }
    return statement;
  };
}
