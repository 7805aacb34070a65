CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by_account_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "invitations_role_check" CHECK ("invitations"."role" in ('owner', 'admin', 'user'))
);
--> statement-breakpoint
CREATE TABLE "personal_connections" (
	"account_id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"state" text NOT NULL,
	"state_reason" text,
	"zoom_user_id" text NOT NULL,
	"zoom_account_id" text NOT NULL,
	"zoom_email" text NOT NULL,
	"access_token_sealed" text,
	"refresh_token_sealed" text,
	"access_token_expires_at" timestamp with time zone,
	"scope" text,
	"connected_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personal_connections_state_check" CHECK ("personal_connections"."state" in ('active', 'needs_reconnect'))
);
--> statement-breakpoint
-- Hand-edited: backfill the copies from accounts before making them NOT NULL, so databases
-- that already hold members migrate cleanly.
ALTER TABLE "memberships" ADD COLUMN "member_name" text;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "member_email" text;--> statement-breakpoint
UPDATE "memberships" SET "member_name" = a."name", "member_email" = a."email" FROM "accounts" a WHERE a."id" = "memberships"."account_id";--> statement-breakpoint
ALTER TABLE "memberships" ALTER COLUMN "member_name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ALTER COLUMN "member_email" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_account_id_accounts_id_fk" FOREIGN KEY ("invited_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_connections" ADD CONSTRAINT "personal_connections_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "personal_connections" ADD CONSTRAINT "personal_connections_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_org_idx" ON "invitations" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "personal_connections_org_idx" ON "personal_connections" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "personal_connections_zoom_user_idx" ON "personal_connections" USING btree ("zoom_user_id");