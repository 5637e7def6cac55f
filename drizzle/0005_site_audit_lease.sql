ALTER TABLE "site_audit_runs" ADD COLUMN "lease_owner" text;--> statement-breakpoint
ALTER TABLE "site_audit_runs" ADD COLUMN "lease_until" timestamp with time zone;