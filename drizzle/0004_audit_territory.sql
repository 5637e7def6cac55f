ALTER TABLE "audit_log" ADD COLUMN "territory_id" uuid;--> statement-breakpoint
CREATE INDEX "audit_log_territory_at_idx" ON "audit_log" USING btree ("territory_id","at");