import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { accounts, alerts, approvalLinks } from '../db/schema';
import type { Deps } from '../deps';
import { openAlert } from './alerts';
import { approvalUrl } from './approval-links';

/** An unused approval link this close to its end is worth an email to the org's admins. */
export const LINK_EXPIRY_WARNING_MS = 24 * 60 * 60_000;

/**
 * The scheduled scan behind "an approval link expiring within 24 h unused". Every process runs
 * it on its tick; opening the incident is the once-only step (alerts_open_key), so N processes
 * scanning at once still send one mail per link. Links that were replaced, revoked or ran out
 * close their incident quietly here; a link used for an approval closes it in org-approval.ts.
 */
export async function scanExpiringApprovalLinks(deps: Deps): Promise<number> {
  const now = deps.now();
  const soon = new Date(now.getTime() + LINK_EXPIRY_WARNING_MS);
  const key = sql`'approval_link_expiring:' || ${approvalLinks.id}`;
  const due = await deps.db
    .select({ link: approvalLinks, requester: accounts.name })
    .from(approvalLinks)
    .innerJoin(accounts, eq(accounts.id, approvalLinks.requestedByAccountId))
    .where(
      and(
        isNull(approvalLinks.usedAt),
        isNull(approvalLinks.revokedAt),
        gt(approvalLinks.expiresAt, now),
        lte(approvalLinks.expiresAt, soon),
        sql`not exists (select 1 from ${alerts} where ${alerts.orgId} = ${approvalLinks.orgId} and ${alerts.key} = ${key})`,
      ),
    );
  let opened = 0;
  for (const { link, requester } of due) {
    const id = await deps.db.transaction((tx) =>
      openAlert(tx, deps, {
        orgId: link.orgId,
        kind: 'approval_link_expiring',
        reason: `The Zoom approval link ${requester} asked for on ${link.createdAt.toUTCString()} hasn't been used and expires on ${link.expiresAt.toUTCString()}.`,
        approvalLink: { id: link.id, url: approvalUrl(deps, deps.vault.open(link.tokenSealed)) },
      }),
    );
    if (id) opened++;
  }
  await deps.db
    .update(alerts)
    .set({
      resolvedAt: now,
      resolution: sql`case when ${approvalLinks.revokedAt} is not null then 'The link was replaced or revoked' else 'The link expired unused' end`,
    })
    .from(approvalLinks)
    .where(
      and(
        eq(alerts.kind, 'approval_link_expiring'),
        isNull(alerts.resolvedAt),
        eq(alerts.key, key),
        sql`(${approvalLinks.revokedAt} is not null or (${approvalLinks.usedAt} is null and ${approvalLinks.expiresAt} <= ${now.toISOString()}))`,
      ),
    );
  return opened;
}
