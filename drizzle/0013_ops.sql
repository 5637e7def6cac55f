CREATE TABLE "registry_import_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"territory_id" uuid NOT NULL,
	"actor_id" text,
	"file_name" text NOT NULL,
	"rows" jsonb NOT NULL,
	"plan_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "registry_import_drafts" ADD CONSTRAINT "registry_import_drafts_territory_id_territories_id_fk" FOREIGN KEY ("territory_id") REFERENCES "public"."territories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registry_import_drafts_created_idx" ON "registry_import_drafts" USING btree ("created_at");