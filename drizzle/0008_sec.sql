CREATE TABLE "shared_counters" (
	"key" text NOT NULL,
	"bucket" bigint NOT NULL,
	"hits" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "shared_counters_key_bucket_pk" PRIMARY KEY("key","bucket")
);
--> statement-breakpoint
CREATE TABLE "used_once" (
	"hash" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "shared_counters_expires_idx" ON "shared_counters" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "used_once_expires_idx" ON "used_once" USING btree ("expires_at");