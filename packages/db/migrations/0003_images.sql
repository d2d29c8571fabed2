CREATE TYPE "imaging"."job_status" AS ENUM('queued', 'running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "imaging"."job_step" AS ENUM('inspect', 'render', 'tiles', 'placeholder', 'publish');--> statement-breakpoint
CREATE TYPE "imaging"."step_status" AS ENUM('pending', 'running', 'succeeded', 'failed', 'skipped');--> statement-breakpoint
CREATE TABLE "content"."artwork_media" (
	"media_id" uuid PRIMARY KEY NOT NULL,
	"artwork_id" uuid NOT NULL,
	"document" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imaging"."job_steps" (
	"job_id" uuid NOT NULL,
	"step" "imaging"."job_step" NOT NULL,
	"status" "imaging"."step_status" DEFAULT 'pending' NOT NULL,
	"percent" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"output" jsonb,
	CONSTRAINT "job_steps_job_id_step_pk" PRIMARY KEY("job_id","step"),
	CONSTRAINT "job_steps_percent_range" CHECK ("imaging"."job_steps"."percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "imaging"."jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"artwork_id" uuid NOT NULL,
	"upload_key" text NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"watermark" boolean DEFAULT false NOT NULL,
	"status" "imaging"."job_status" DEFAULT 'queued' NOT NULL,
	"reason" text,
	"failed_step" "imaging"."job_step",
	"attempt" integer DEFAULT 1 NOT NULL,
	"source_sha256" text,
	"media_id" uuid,
	"idempotency_key" text,
	"request_fingerprint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "jobs_alt_length" CHECK (length("imaging"."jobs"."alt") <= 1000),
	CONSTRAINT "jobs_attempt_positive" CHECK ("imaging"."jobs"."attempt" >= 1),
	CONSTRAINT "jobs_failed_has_reason" CHECK ("imaging"."jobs"."status" <> 'failed' or "imaging"."jobs"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "imaging"."media" (
	"id" uuid PRIMARY KEY NOT NULL,
	"artwork_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"source_sha256" text NOT NULL,
	"spec" text NOT NULL,
	"document" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_artwork_source_spec_unique" UNIQUE("artwork_id","source_sha256","spec")
);
--> statement-breakpoint
ALTER TABLE "content"."artwork_media" ADD CONSTRAINT "artwork_media_artwork_id_artworks_id_fk" FOREIGN KEY ("artwork_id") REFERENCES "content"."artworks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imaging"."job_steps" ADD CONSTRAINT "job_steps_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "imaging"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "artwork_media_artwork_idx" ON "content"."artwork_media" USING btree ("artwork_id","published_at");--> statement-breakpoint
CREATE INDEX "jobs_artwork_created_idx" ON "imaging"."jobs" USING btree ("artwork_id","created_at");--> statement-breakpoint
CREATE INDEX "jobs_created_idx" ON "imaging"."jobs" USING btree ("created_at");--> statement-breakpoint
CREATE VIEW "content"."artwork_refs" AS (select "id", "status" from "content"."artworks");