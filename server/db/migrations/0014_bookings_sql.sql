-- Hand-written: no double booking. Two confirmed bookings of one host never overlap in time,
-- checked by PostgreSQL itself, so concurrent requests for one slot leave exactly one booking
-- (https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-EXCLUSION).
-- btree_gist lets the text column take part with `=`; it is a trusted extension, like pg_trgm,
-- and PGlite loads it too (server/db/client.ts).
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap"
  EXCLUDE USING gist ("host_account_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)
  WHERE ("status" = 'confirmed');
