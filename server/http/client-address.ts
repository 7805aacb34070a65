import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';
import type { Env } from '../env';

/**
 * The client's address, as rate limits count it (server/domain/rate-limits.ts). From the socket,
 * or with TRUST_PROXY = n from X-Forwarded-For: each proxy appends the address it saw, so the
 * client is the n-th entry from the right (the right-most with one proxy); entries further left
 * are whatever the client wrote. An IPv6 client counts by its /64, the smallest block one
 * subscriber gets (RFC 6177), so rotating through one's own addresses gains nothing.
 * In-process requests (the tests' app.request) have no socket: they count as one "unknown".
 */
export function clientAddress(c: Context, env: Pick<Env, 'TRUST_PROXY'>): string {
  const socket = socketAddress(c);
  if (env.TRUST_PROXY > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const hops = [...forwarded, socket ?? ''];
    const chosen = normalizeAddress(hops[Math.max(0, hops.length - 1 - env.TRUST_PROXY)] ?? '');
    if (chosen) return chosen;
  }
  return (socket && normalizeAddress(socket)) ?? 'unknown';
}

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/** The address as counted: IPv4 (also when mapped into IPv6), or an IPv6 /64; null if not one. */
export function normalizeAddress(text: string): string | null {
  if (!ipaddr.isValid(text)) return null;
  const parsed = ipaddr.process(text);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}
