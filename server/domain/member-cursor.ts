import { z } from 'zod/mini';
import type { MemberSort } from '../../lib/contracts/api';
import { storableText } from '../../lib/contracts/text';
import { DomainError } from './errors';

/**
 * The member table's keyset cursor: base64url JSON of the sort, its direction and the last
 * row's sort keys. Clients treat it as opaque, so anything else is forged or garbage. Each key
 * is checked for the type its SQL comparison in member-table.ts expects — text for the name,
 * email and account id, the small integer rank for status and type — because the database would
 * otherwise refuse it (`invalid input syntax for type integer`) and the table would answer 500.
 */

const key = storableText().check(z.maxLength(500));
const dir = z.enum(['asc', 'desc']);

const memberCursor = z.discriminatedUnion('sort', [
  z.strictObject({ sort: z.enum(['name', 'email']), dir, keys: z.tuple([key, key]) }),
  z.strictObject({
    sort: z.enum(['status', 'type']),
    dir,
    keys: z.tuple([z.int().check(z.minimum(0), z.maximum(2)), key, key]),
  }),
]);
export type MemberCursor = z.infer<typeof memberCursor>;

type Order = { sort: MemberSort; dir: 'asc' | 'desc' };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The cursor for this sort and direction, or a 400 `bad_request`. */
export function decodeMemberCursor(cursor: string, order: Order): MemberCursor {
  const value = memberCursor.safeParse(
    parseJson(Buffer.from(cursor, 'base64url').toString('utf8')),
  );
  if (!value.success || value.data.sort !== order.sort || value.data.dir !== order.dir) {
    throw new DomainError('bad_request', 'Invalid cursor.');
  }
  return value.data;
}

export function encodeMemberCursor(order: Order, keys: MemberCursor['keys']): string {
  return Buffer.from(JSON.stringify({ sort: order.sort, dir: order.dir, keys })).toString(
    'base64url',
  );
}
