CREATE TABLE "voice_blocks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"territory_id" uuid NOT NULL,
	"network_hash" text NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_consents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"territory_id" uuid NOT NULL,
	"text_version" text NOT NULL,
	"text_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "voice_links" (
	"code" text PRIMARY KEY NOT NULL,
	"territory_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_replies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"review_id" bigint NOT NULL,
	"territory_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"text" text NOT NULL,
	"author_id" uuid,
	"status" text NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"reason" text,
	"reason_note" text,
	"moderated_by" uuid,
	"moderated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "voice_reviews" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"territory_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"subject" text DEFAULT 'organisation' NOT NULL,
	"text" text NOT NULL,
	"k1" smallint,
	"k2" smallint,
	"k3" smallint,
	"k4" smallint,
	"k5" smallint,
	"status" text NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"reason" text,
	"reason_note" text,
	"moderated_by" uuid,
	"moderated_at" timestamp with time zone,
	"network_hash" text,
	"fingerprint" text NOT NULL,
	"consent_id" bigint,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"reply_due_on" date
);
--> statement-breakpoint
CREATE TABLE "voice_settings" (
	"territory_id" uuid PRIMARY KEY NOT NULL,
	"stream_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"secret" text NOT NULL,
	"methodology_id" text DEFAULT 'edu-2019' NOT NULL,
	"questionnaire_open" boolean DEFAULT true NOT NULL,
	"reviews_open" boolean DEFAULT true NOT NULL,
	"moderator" text DEFAULT 'authority' NOT NULL,
	"appeals_url" text,
	"reply_days" integer DEFAULT 10 NOT NULL,
	"min_sample" integer DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "voice_settings_stream_id_unique" UNIQUE("stream_id")
);
--> statement-breakpoint
ALTER TABLE "voice_links" ADD CONSTRAINT "voice_links_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_links" ADD CONSTRAINT "voice_links_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_settings" ADD CONSTRAINT "voice_settings_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "voice_blocks_network_idx" ON "voice_blocks" USING btree ("territory_id","network_hash","until");--> statement-breakpoint
CREATE UNIQUE INDEX "voice_links_org_idx" ON "voice_links" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "voice_replies_review_idx" ON "voice_replies" USING btree ("review_id","status");--> statement-breakpoint
CREATE INDEX "voice_replies_queue_idx" ON "voice_replies" USING btree ("territory_id","status","id");--> statement-breakpoint
CREATE INDEX "voice_reviews_queue_idx" ON "voice_reviews" USING btree ("territory_id","status","id");--> statement-breakpoint
CREATE INDEX "voice_reviews_org_idx" ON "voice_reviews" USING btree ("organisation_id","status","id");--> statement-breakpoint
CREATE INDEX "voice_reviews_fingerprint_idx" ON "voice_reviews" USING btree ("organisation_id","fingerprint");--> statement-breakpoint
CREATE INDEX "voice_reviews_network_idx" ON "voice_reviews" USING btree ("network_hash","received_at");