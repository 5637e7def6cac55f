CREATE TABLE "council_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"sort" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"campaign_id" uuid,
	"heard" text DEFAULT '' NOT NULL,
	"spoke" text DEFAULT '' NOT NULL,
	"decided" text DEFAULT '' NOT NULL,
	"votes_for" integer,
	"votes_against" integer,
	"votes_abstained" integer,
	"presiding_vote" text,
	"adopted" boolean,
	"result_version_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_attendance" (
	"meeting_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	CONSTRAINT "council_attendance_meeting_id_member_id_pk" PRIMARY KEY("meeting_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "council_clock_events" (
	"campaign_id" uuid PRIMARY KEY NOT NULL,
	"report_received_on" date,
	"report_covering_document" text,
	"council_deadline" jsonb,
	"results_decision_id" uuid,
	"decision_adopted_on" date,
	"decision_sent_on" date,
	"authority_received_on" date,
	"authority_deadline" jsonb,
	"measures_act_number" text,
	"measures_act_date" date,
	"measures_text" text,
	"measures_passed_on" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"council_id" uuid,
	"campaign_id" uuid,
	"meeting_id" uuid,
	"agenda_item_id" uuid,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"decided_on" date NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"result_version_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text DEFAULT 'meeting' NOT NULL,
	"document_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"council_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"held_on" date NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"format" text DEFAULT 'in_person' NOT NULL,
	"presiding_member_id" uuid,
	"secretary_member_id" uuid,
	"invitees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notice_sent_at" timestamp with time zone,
	"scan" jsonb,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"council_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"represents" text DEFAULT '' NOT NULL,
	"term_from" date NOT NULL,
	"term_to" date NOT NULL,
	"eligibility_declared_on" date,
	"email" text,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"result_version_id" uuid,
	"organisation_id" uuid,
	"addressee" text NOT NULL,
	"criterion" text NOT NULL,
	"indicator" text,
	"source_item" text,
	"text" text NOT NULL,
	"needs_funding" boolean DEFAULT false NOT NULL,
	"origin" text DEFAULT 'auto' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"decision_id" uuid,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "councils" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"territory_id" uuid NOT NULL,
	"name" text NOT NULL,
	"quorum_rule" text DEFAULT 'more_than_half' NOT NULL,
	"tie_rule" text DEFAULT 'presiding_decides' NOT NULL,
	"absentee_voting" boolean DEFAULT false NOT NULL,
	"proposal_threshold" integer DEFAULT 90 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "council_info_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"territory_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"topic" text NOT NULL,
	"attendees" text DEFAULT '' NOT NULL,
	"materials" text DEFAULT '' NOT NULL,
	"record" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "council_agenda_items" ADD CONSTRAINT "council_agenda_items_meeting_id_council_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."council_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_agenda_items" ADD CONSTRAINT "council_agenda_items_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_agenda_items" ADD CONSTRAINT "council_agenda_items_result_version_id_result_versions_id_fk" FOREIGN KEY ("result_version_id") REFERENCES "public"."result_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_attendance" ADD CONSTRAINT "council_attendance_meeting_id_council_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."council_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_attendance" ADD CONSTRAINT "council_attendance_member_id_council_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."council_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_clock_events" ADD CONSTRAINT "council_clock_events_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_clock_events" ADD CONSTRAINT "council_clock_events_results_decision_id_council_decisions_id_fk" FOREIGN KEY ("results_decision_id") REFERENCES "public"."council_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_decisions" ADD CONSTRAINT "council_decisions_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_decisions" ADD CONSTRAINT "council_decisions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_decisions" ADD CONSTRAINT "council_decisions_meeting_id_council_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."council_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_decisions" ADD CONSTRAINT "council_decisions_agenda_item_id_council_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."council_agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_decisions" ADD CONSTRAINT "council_decisions_result_version_id_result_versions_id_fk" FOREIGN KEY ("result_version_id") REFERENCES "public"."result_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_presiding_member_id_council_members_id_fk" FOREIGN KEY ("presiding_member_id") REFERENCES "public"."council_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_meetings" ADD CONSTRAINT "council_meetings_secretary_member_id_council_members_id_fk" FOREIGN KEY ("secretary_member_id") REFERENCES "public"."council_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_members" ADD CONSTRAINT "council_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_proposals" ADD CONSTRAINT "council_proposals_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_proposals" ADD CONSTRAINT "council_proposals_result_version_id_result_versions_id_fk" FOREIGN KEY ("result_version_id") REFERENCES "public"."result_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_proposals" ADD CONSTRAINT "council_proposals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_proposals" ADD CONSTRAINT "council_proposals_decision_id_council_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."council_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "councils" ADD CONSTRAINT "councils_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_info_meetings" ADD CONSTRAINT "council_info_meetings_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "council_agenda_meeting_idx" ON "council_agenda_items" USING btree ("meeting_id","sort");--> statement-breakpoint
CREATE INDEX "council_decisions_campaign_idx" ON "council_decisions" USING btree ("campaign_id","kind");--> statement-breakpoint
CREATE INDEX "council_decisions_council_idx" ON "council_decisions" USING btree ("council_id");--> statement-breakpoint
CREATE UNIQUE INDEX "council_meetings_number_idx" ON "council_meetings" USING btree ("council_id","year","number");--> statement-breakpoint
CREATE INDEX "council_members_council_idx" ON "council_members" USING btree ("council_id");--> statement-breakpoint
CREATE INDEX "council_proposals_campaign_org_idx" ON "council_proposals" USING btree ("campaign_id","organisation_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "councils_territory_idx" ON "councils" USING btree ("territory_id");--> statement-breakpoint
CREATE INDEX "council_info_meetings_territory_idx" ON "council_info_meetings" USING btree ("territory_id","held_on");