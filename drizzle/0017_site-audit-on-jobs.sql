-- Runs the server had queued or was executing when this version was installed become jobs of the generic
-- runner (decision 0115): params and params_key exactly as enqueueSiteAuditRun writes them.
INSERT INTO "jobs" ("kind", "params", "params_key", "created_by", "created_at")
SELECT 'site-audit-run', jsonb_build_object('runId', "id"::text), '["site-audit-run",{"runId":"' || "id"::text || '"}]', "created_by", "created_at"
FROM "site_audit_runs"
WHERE "runner" = 'server' AND "status" IN ('pending', 'running');--> statement-breakpoint
DROP INDEX "site_audit_runs_active_idx";--> statement-breakpoint
ALTER TABLE "site_audit_runs" DROP COLUMN "lease_owner";--> statement-breakpoint
ALTER TABLE "site_audit_runs" DROP COLUMN "lease_until";