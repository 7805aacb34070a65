CREATE TABLE "alert_fanouts" (
	"alert_id" text NOT NULL,
	"phase" text NOT NULL,
	"cursor" text DEFAULT '' NOT NULL,
	"url_sealed" text,
	"created_at" timestamp with time zone NOT NULL,
	"lease_id" text,
	"lease_until" timestamp with time zone,
	CONSTRAINT "alert_fanouts_alert_id_phase_pk" PRIMARY KEY("alert_id","phase"),
	CONSTRAINT "alert_fanouts_phase_check" CHECK ("alert_fanouts"."phase" in ('opened', 'resolved'))
);
--> statement-breakpoint
ALTER TABLE "alert_fanouts" ADD CONSTRAINT "alert_fanouts_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_fanouts_created_idx" ON "alert_fanouts" USING btree ("created_at");