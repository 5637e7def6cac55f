CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "campaign_organisations" (
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"inclusion_reason" text,
	CONSTRAINT "campaign_organisations_campaign_id_organisation_id_pk" PRIMARY KEY("campaign_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"territory_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"methodology_id" text NOT NULL,
	"policies" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"council_decision_number" text,
	"council_decision_date" date,
	"operator_name" text,
	"operator_contract" text,
	"operator_report_date" date,
	"survey_opens_on" date,
	"survey_closes_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"territory_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"short_name" text NOT NULL,
	"type" text NOT NULL,
	"inn" text NOT NULL,
	"ogrn" text,
	"kpp" text,
	"address" text,
	"website" text,
	"head_name" text,
	"founder" text,
	"recipients" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"last_assessed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "territories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"role" text NOT NULL,
	"council_position" text,
	"territory_id" uuid,
	"organisation_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"stored_path" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uploaded_by" text
);
--> statement-breakpoint
CREATE TABLE "campaign_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"key" text NOT NULL,
	"sort" integer NOT NULL,
	"title" text NOT NULL,
	"responsible_role" text NOT NULL,
	"planned_on" date,
	"done_on" date,
	"status" text DEFAULT 'planned' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"source" text NOT NULL,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_access_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"group_label" text NOT NULL,
	"used" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_links" (
	"code" text PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"closed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_network_tallies" (
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"network_hash" text NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "survey_network_tallies_campaign_id_organisation_id_network_hash_pk" PRIMARY KEY("campaign_id","organisation_id","network_hash")
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"browser_key" text,
	"network_hash" text,
	"fill_seconds" integer,
	"q1" smallint,
	"q2" smallint,
	"q3" smallint,
	"q4" smallint,
	"q5" smallint,
	"q6" smallint,
	"q7" smallint,
	"q8" smallint,
	"q9" smallint,
	"q10" smallint,
	"q11" smallint,
	"q12" smallint,
	"q13" smallint,
	"q14" smallint,
	"respondent" text,
	"sex" text,
	"age" text,
	"entered_by" uuid,
	"revision" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"review_reason" text
);
--> statement-breakpoint
CREATE TABLE "survey_secrets" (
	"campaign_id" uuid PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_suggestions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"moderated_text" text,
	"moderated_by" uuid,
	"moderated_at" timestamp with time zone,
	"received_on" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_tallies" (
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"shard" smallint NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"valid" integer DEFAULT 0 NOT NULL,
	"quarantined" integer DEFAULT 0 NOT NULL,
	"excluded" integer DEFAULT 0 NOT NULL,
	"replaced" integer DEFAULT 0 NOT NULL,
	"online" integer DEFAULT 0 NOT NULL,
	"paper" integer DEFAULT 0 NOT NULL,
	"interview" integer DEFAULT 0 NOT NULL,
	"phone" integer DEFAULT 0 NOT NULL,
	"q1_yes" integer DEFAULT 0 NOT NULL,
	"q1_no" integer DEFAULT 0 NOT NULL,
	"q2_yes" integer DEFAULT 0 NOT NULL,
	"q2_no" integer DEFAULT 0 NOT NULL,
	"q3_yes" integer DEFAULT 0 NOT NULL,
	"q3_no" integer DEFAULT 0 NOT NULL,
	"q4_yes" integer DEFAULT 0 NOT NULL,
	"q4_no" integer DEFAULT 0 NOT NULL,
	"q5_yes" integer DEFAULT 0 NOT NULL,
	"q5_no" integer DEFAULT 0 NOT NULL,
	"q6_yes" integer DEFAULT 0 NOT NULL,
	"q6_no" integer DEFAULT 0 NOT NULL,
	"q7_yes" integer DEFAULT 0 NOT NULL,
	"q7_no" integer DEFAULT 0 NOT NULL,
	"q8_yes" integer DEFAULT 0 NOT NULL,
	"q8_no" integer DEFAULT 0 NOT NULL,
	"q9_yes" integer DEFAULT 0 NOT NULL,
	"q9_no" integer DEFAULT 0 NOT NULL,
	"q10_yes" integer DEFAULT 0 NOT NULL,
	"q10_no" integer DEFAULT 0 NOT NULL,
	"q11_yes" integer DEFAULT 0 NOT NULL,
	"q11_no" integer DEFAULT 0 NOT NULL,
	"q12_yes" integer DEFAULT 0 NOT NULL,
	"q12_no" integer DEFAULT 0 NOT NULL,
	"q13_yes" integer DEFAULT 0 NOT NULL,
	"q13_no" integer DEFAULT 0 NOT NULL,
	"q14_yes" integer DEFAULT 0 NOT NULL,
	"q14_no" integer DEFAULT 0 NOT NULL,
	"last_response_at" timestamp with time zone,
	CONSTRAINT "survey_tallies_campaign_id_organisation_id_shard_pk" PRIMARY KEY("campaign_id","organisation_id","shard")
);
--> statement-breakpoint
CREATE TABLE "checklist_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"checklist" text NOT NULL,
	"item_id" text NOT NULL,
	"answer" text,
	"note" text,
	"link" text,
	"version" integer DEFAULT 1 NOT NULL,
	"recorded_by" uuid,
	"recorded_by_name" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checklist_photos" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"answer_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"uploaded_by" uuid,
	"uploaded_by_name" text,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_scores" (
	"version_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"total" double precision,
	"rank" integer,
	"band" text,
	"criteria" jsonb NOT NULL,
	"respondents" integer NOT NULL,
	"below_minimum" boolean NOT NULL,
	CONSTRAINT "result_scores_version_id_organisation_id_pk" PRIMARY KEY("version_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "result_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"corrects_id" uuid,
	"reason" text,
	"snapshot" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"organisations" integer NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"computed_by" text,
	"decision_number" text,
	"decision_date" date,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"published_at" timestamp with time zone,
	"published_by" text,
	"superseded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "site_audit_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"url" text,
	"org_type" text NOT NULL,
	"report" jsonb,
	"error" text,
	"finished_at" timestamp with time zone,
	"diff" jsonb,
	"present" integer,
	"required" integer,
	"changes" integer
);
--> statement-breakpoint
CREATE TABLE "site_audit_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"runner" text DEFAULT 'server' NOT NULL,
	"settings" jsonb NOT NULL,
	"created_by" text,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_organisations" ADD CONSTRAINT "campaign_organisations_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_organisations" ADD CONSTRAINT "campaign_organisations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_documents" ADD CONSTRAINT "campaign_documents_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_steps" ADD CONSTRAINT "campaign_steps_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_history" ADD CONSTRAINT "organisation_history_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_links" ADD CONSTRAINT "survey_links_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_links" ADD CONSTRAINT "survey_links_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_secrets" ADD CONSTRAINT "survey_secrets_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_answers" ADD CONSTRAINT "checklist_answers_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_answers" ADD CONSTRAINT "checklist_answers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_answers" ADD CONSTRAINT "checklist_answers_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_photos" ADD CONSTRAINT "checklist_photos_answer_id_checklist_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."checklist_answers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_photos" ADD CONSTRAINT "checklist_photos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_scores" ADD CONSTRAINT "result_scores_version_id_result_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."result_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_scores" ADD CONSTRAINT "result_scores_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_versions" ADD CONSTRAINT "result_versions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_audit_results" ADD CONSTRAINT "site_audit_results_run_id_site_audit_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."site_audit_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_audit_results" ADD CONSTRAINT "site_audit_results_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_audit_runs" ADD CONSTRAINT "site_audit_runs_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "campaign_orgs_org_idx" ON "campaign_organisations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "campaigns_territory_idx" ON "campaigns" USING btree ("territory_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_inn_idx" ON "organisations" USING btree ("inn");--> statement-breakpoint
CREATE INDEX "organisations_territory_idx" ON "organisations" USING btree ("territory_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "campaign_documents_campaign_idx" ON "campaign_documents" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_steps_key_idx" ON "campaign_steps" USING btree ("campaign_id","key");--> statement-breakpoint
CREATE INDEX "organisation_history_org_idx" ON "organisation_history" USING btree ("organisation_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_idx" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_user_idx" ON "invitations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "survey_access_codes_org_idx" ON "survey_access_codes" USING btree ("campaign_id","organisation_id","group_label");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_links_campaign_org_idx" ON "survey_links" USING btree ("campaign_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_browser_idx" ON "survey_responses" USING btree ("campaign_id","organisation_id","browser_key");--> statement-breakpoint
CREATE INDEX "survey_responses_org_idx" ON "survey_responses" USING btree ("campaign_id","organisation_id","status");--> statement-breakpoint
CREATE INDEX "survey_suggestions_queue_idx" ON "survey_suggestions" USING btree ("campaign_id","status","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_answers_item_idx" ON "checklist_answers" USING btree ("campaign_id","organisation_id","checklist","item_id");--> statement-breakpoint
CREATE INDEX "checklist_answers_campaign_idx" ON "checklist_answers" USING btree ("campaign_id","checklist");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_photos_answer_idx" ON "checklist_photos" USING btree ("answer_id","sha256");--> statement-breakpoint
CREATE INDEX "checklist_photos_sha_idx" ON "checklist_photos" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "result_scores_org_idx" ON "result_scores" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "result_versions_campaign_version_idx" ON "result_versions" USING btree ("campaign_id","version");--> statement-breakpoint
CREATE INDEX "result_versions_campaign_status_idx" ON "result_versions" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "site_audit_results_run_org_idx" ON "site_audit_results" USING btree ("run_id","organisation_id");--> statement-breakpoint
CREATE INDEX "site_audit_results_org_latest_idx" ON "site_audit_results" USING btree ("organisation_id","finished_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "site_audit_runs_campaign_idx" ON "site_audit_runs" USING btree ("campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "site_audit_runs_active_idx" ON "site_audit_runs" USING btree ("status","created_at") WHERE "site_audit_runs"."status" in ('pending', 'running');