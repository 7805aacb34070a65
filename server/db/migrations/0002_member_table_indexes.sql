-- Hand-edited: pg_trgm backs the member table's substring search. It is a trusted extension
-- (PostgreSQL 13+: a database owner may create it); PGlite loads it in server/db/client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "memberships_org_name_idx" ON "memberships" USING btree ("org_id","member_name","account_id");--> statement-breakpoint
CREATE INDEX "memberships_org_email_idx" ON "memberships" USING btree ("org_id","member_email","account_id");--> statement-breakpoint
CREATE INDEX "memberships_org_removed_idx" ON "memberships" USING btree ("org_id","removed_org_connection");--> statement-breakpoint
CREATE INDEX "memberships_name_trgm_idx" ON "memberships" USING gin ("member_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "memberships_email_trgm_idx" ON "memberships" USING gin ("member_email" gin_trgm_ops);