CREATE TABLE "campaign_deadlines" (
	"campaign_id" uuid NOT NULL,
	"key" text NOT NULL,
	"from_event" text NOT NULL,
	"from_date" date NOT NULL,
	"rule" jsonb NOT NULL,
	"rule_text" text NOT NULL,
	"nominal" date NOT NULL,
	"due" date NOT NULL,
	"preliminary" boolean NOT NULL,
	"calendar" text NOT NULL,
	"note" text,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"document" text,
	"source" text DEFAULT 'campaigns' NOT NULL,
	"source_id" text,
	"recorded_by" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "production_calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"moved_from" date,
	"holiday" text
);
--> statement-breakpoint
CREATE TABLE "production_calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"sha256" text NOT NULL,
	"days" integer NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"loaded_by" text
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "repeat_reason" text;--> statement-breakpoint
ALTER TABLE "campaign_deadlines" ADD CONSTRAINT "campaign_deadlines_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_events" ADD CONSTRAINT "campaign_events_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "production_calendar_days" ADD CONSTRAINT "production_calendar_days_year_production_calendar_years_year_fk" FOREIGN KEY ("year") REFERENCES "public"."production_calendar_years"("year") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_deadlines_key_idx" ON "campaign_deadlines" USING btree ("campaign_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_events_kind_idx" ON "campaign_events" USING btree ("campaign_id","kind");--> statement-breakpoint
-- Campaigns created before the one-per-territory-and-year rule: the later ones become recorded repeats.
UPDATE "campaigns" c SET "repeat_reason" = 'создана до правила «одна кампания на территорию и год»'
WHERE EXISTS (SELECT 1 FROM "campaigns" o WHERE o."territory_id" = c."territory_id" AND o."year" = c."year" AND (o."created_at", o."id") < (c."created_at", c."id"));--> statement-breakpoint
-- Events already known from the old columns and step marks.
INSERT INTO "campaign_events" ("campaign_id", "kind", "occurred_on", "document", "recorded_by")
SELECT "id", 'list_approved', "council_decision_date", 'решение № ' || "council_decision_number", 'перенос данных' FROM "campaigns" WHERE "council_decision_date" IS NOT NULL;--> statement-breakpoint
INSERT INTO "campaign_events" ("campaign_id", "kind", "occurred_on", "recorded_by")
SELECT "id", 'operator_report_received', "operator_report_date", 'перенос данных' FROM "campaigns" WHERE "operator_report_date" IS NOT NULL;--> statement-breakpoint
INSERT INTO "campaign_events" ("campaign_id", "kind", "occurred_on", "recorded_by")
SELECT "campaign_id", CASE "key" WHEN 'council_results' THEN 'council_results_adopted' WHEN 'authority_measures' THEN 'authority_measures_taken' WHEN 'publish_list' THEN 'list_published' ELSE 'results_published' END, "done_on", 'перенос данных'
FROM "campaign_steps" WHERE "status" = 'done' AND "done_on" IS NOT NULL AND "key" IN ('council_results', 'authority_measures', 'publish_list', 'publish_results');--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_territory_year_idx" ON "campaigns" USING btree ("territory_id","year") WHERE "campaigns"."repeat_reason" is null;