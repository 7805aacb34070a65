import { createHash } from 'node:crypto';
import type { Database } from './client';

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
