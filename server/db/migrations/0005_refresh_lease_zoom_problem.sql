ALTER TABLE "org_connections" ADD COLUMN "refresh_lease_id" text;--> statement-breakpoint
ALTER TABLE "org_connections" ADD COLUMN "refresh_lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "org_connections" ADD COLUMN "zoom_problem" text;--> statement-breakpoint
ALTER TABLE "org_connections" ADD COLUMN "zoom_problem_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "personal_connections" ADD COLUMN "refresh_lease_id" text;--> statement-breakpoint
ALTER TABLE "personal_connections" ADD COLUMN "refresh_lease_until" timestamp with time zone;