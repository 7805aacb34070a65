ALTER TABLE "bookings" ADD COLUMN "repair_needed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "repair_lease_id" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "repair_lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "repair_after" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "bookings_repair_due_idx" ON "bookings" USING btree ("starts_at") WHERE "bookings"."repair_needed";