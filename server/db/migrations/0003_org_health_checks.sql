ALTER TABLE "org_connections" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "org_connections" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "org_connections" ADD COLUMN "last_check_error" text;--> statement-breakpoint
CREATE INDEX "org_connections_due_idx" ON "org_connections" USING btree ("state","next_check_at");