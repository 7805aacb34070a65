CREATE TABLE "bookings" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"host_account_id" text NOT NULL,
	"event_type_id" text,
	"event_name" text NOT NULL,
	"location_kind" text NOT NULL,
	"location_detail" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"invitee_name" text NOT NULL,
	"invitee_email" text NOT NULL,
	"invitee_timezone" text NOT NULL,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"cancel_token_hash" text NOT NULL,
	"cancelled_at" timestamp with time zone,
	"meeting_state" text NOT NULL,
	"zoom_meeting_id" bigint,
	"zoom_join_sealed" text,
	"zoom_via" text,
	"zoom_account_id" text,
	"meeting_problem" text,
	"ics_sequence" integer DEFAULT 0 NOT NULL,
	"repair_needed" boolean DEFAULT false NOT NULL,
	"repair_lease_id" text,
	"repair_lease_until" timestamp with time zone,
	"repair_after" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_status_check" CHECK ("bookings"."status" in ('confirmed', 'cancelled')),
	CONSTRAINT "bookings_meeting_state_check" CHECK ("bookings"."meeting_state" in ('none', 'pending', 'created', 'failed')),
	CONSTRAINT "bookings_time_check" CHECK ("bookings"."ends_at" > "bookings"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "event_types" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"account_id" text NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"location_kind" text NOT NULL,
	"location_detail" text,
	"timezone" text NOT NULL,
	"availability" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_types_location_kind_check" CHECK ("event_types"."location_kind" in ('zoom', 'phone', 'in_person', 'link')),
	CONSTRAINT "event_types_duration_check" CHECK ("event_types"."duration_minutes" between 5 and 720)
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "booking_handle" text;--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "zoom_default_location" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_host_account_id_accounts_id_fk" FOREIGN KEY ("host_account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_event_type_id_event_types_id_fk" FOREIGN KEY ("event_type_id") REFERENCES "public"."event_types"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_types" ADD CONSTRAINT "event_types_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_types" ADD CONSTRAINT "event_types_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bookings_repair_due_idx" ON "bookings" USING btree ("starts_at") WHERE "bookings"."repair_needed";--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_cancel_token_hash_key" ON "bookings" USING btree ("cancel_token_hash");--> statement-breakpoint
CREATE INDEX "bookings_host_start_idx" ON "bookings" USING btree ("host_account_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_event_type_idx" ON "bookings" USING btree ("event_type_id");--> statement-breakpoint
CREATE INDEX "bookings_org_zoom_account_idx" ON "bookings" USING btree ("org_id","zoom_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_types_account_slug_key" ON "event_types" USING btree ("account_id","slug");--> statement-breakpoint
CREATE INDEX "event_types_org_idx" ON "event_types" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_booking_handle_key" ON "accounts" USING btree ("booking_handle");