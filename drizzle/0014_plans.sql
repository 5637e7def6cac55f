CREATE TABLE "improvement_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"territory_id" uuid NOT NULL,
	"result_version_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"previous_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"generated" boolean DEFAULT true NOT NULL,
	"return_comment" text,
	"submitted_at" timestamp with time zone,
	"agreed_at" timestamp with time zone,
	"agreed_by" text,
	"act_id" uuid,
	"approved_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"site_url" text,
	"bus_gov_on" date,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_acts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"territory_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"date" date NOT NULL,
	"approver_post" text NOT NULL,
	"approver_name" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_evidence" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"sha256" text,
	"media_type" text,
	"size" integer,
	"url" text,
	"published" boolean DEFAULT false NOT NULL,
	"uploaded_by" text,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_feedback" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"fixed" boolean NOT NULL,
	"browser_key" text NOT NULL,
	"network_hash" text,
	"quarantined" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"section" text NOT NULL,
	"position" integer NOT NULL,
	"indicator" text,
	"checklist" text,
	"item_id" text,
	"source" text NOT NULL,
	"proposal_id" text,
	"shortfall" text NOT NULL,
	"measure" text NOT NULL,
	"planned_kind" text DEFAULT 'date' NOT NULL,
	"planned_date" date,
	"periodic_note" text,
	"responsible_name" text NOT NULL,
	"responsible_post" text NOT NULL,
	"responsible_user_id" uuid,
	"needs_funding" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"implemented" text,
	"actual_date" date,
	"claimed_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"verified_by" text,
	"verified_role" text,
	"verification_note" text,
	"site_check" jsonb,
	"rejected_reason" text,
	"cancel_reason" text,
	"cancel_agreed_by" text,
	"carried_to_id" uuid,
	"carried_from_id" uuid,
	"fixed_yes" integer DEFAULT 0 NOT NULL,
	"fixed_no" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_reminders" (
	"key" text PRIMARY KEY NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"due_date" date NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" text,
	"rows" jsonb NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"review_comment" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "plan_settings" (
	"territory_id" uuid PRIMARY KEY NOT NULL,
	"draft_rule" jsonb NOT NULL,
	"approval_rule" jsonb NOT NULL,
	"publication_rule" jsonb NOT NULL,
	"report_period" text DEFAULT 'quarter' NOT NULL,
	"report_days" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_result_version_id_result_versions_id_fk" FOREIGN KEY ("result_version_id") REFERENCES "public"."result_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "improvement_plans" ADD CONSTRAINT "improvement_plans_act_id_plan_acts_id_fk" FOREIGN KEY ("act_id") REFERENCES "public"."plan_acts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_acts" ADD CONSTRAINT "plan_acts_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_evidence" ADD CONSTRAINT "plan_evidence_item_id_plan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plan_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_feedback" ADD CONSTRAINT "plan_feedback_item_id_plan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plan_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_plan_id_improvement_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."improvement_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_reports" ADD CONSTRAINT "plan_reports_plan_id_improvement_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."improvement_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_settings" ADD CONSTRAINT "plan_settings_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "improvement_plans_version_idx" ON "improvement_plans" USING btree ("campaign_id","organisation_id","version");--> statement-breakpoint
CREATE INDEX "improvement_plans_org_idx" ON "improvement_plans" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "improvement_plans_territory_idx" ON "improvement_plans" USING btree ("territory_id","status");--> statement-breakpoint
CREATE INDEX "plan_acts_territory_idx" ON "plan_acts" USING btree ("territory_id");--> statement-breakpoint
CREATE INDEX "plan_evidence_item_idx" ON "plan_evidence" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_feedback_browser_idx" ON "plan_feedback" USING btree ("item_id","browser_key");--> statement-breakpoint
CREATE INDEX "plan_feedback_network_idx" ON "plan_feedback" USING btree ("item_id","network_hash");--> statement-breakpoint
CREATE INDEX "plan_items_plan_idx" ON "plan_items" USING btree ("plan_id","section","position");--> statement-breakpoint
CREATE INDEX "plan_items_status_idx" ON "plan_items" USING btree ("status","planned_date");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_reports_period_idx" ON "plan_reports" USING btree ("plan_id","period_end","submitted_at");--> statement-breakpoint
CREATE INDEX "plan_reports_plan_idx" ON "plan_reports" USING btree ("plan_id");