ALTER TABLE "bookings" DROP CONSTRAINT "bookings_host_account_id_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "bookings" ALTER COLUMN "host_account_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "former_host_name" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "former_host_email" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_host_account_id_accounts_id_fk" FOREIGN KEY ("host_account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;