CREATE TABLE "plans_campaign_stamps" (
	"campaign_id" uuid PRIMARY KEY NOT NULL,
	"stamp" bigint NOT NULL
);
--> statement-breakpoint
-- Decision 0089: every write to what the plans dashboard shows bumps its campaign's stamp (the nil UUID for data
-- without a campaign) in the writer's transaction, once per statement whatever the number of rows. Ids are
-- bumped in order so two statements bumping the same campaigns take the rows' locks in the same order.
CREATE OR REPLACE FUNCTION noko_plans_stamp_bump(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO plans_campaign_stamps AS s (campaign_id, stamp)
    SELECT DISTINCT id, 1 FROM unnest(ids) AS id WHERE id IS NOT NULL ORDER BY id
    ON CONFLICT (campaign_id) DO UPDATE SET stamp = s.stamp + 1;
$$;
--> statement-breakpoint
-- Rows and reports belong to a campaign through their plan. A plan deleted with its rows (a campaign deleted)
-- bumps through its own trigger: the cascade's rows no longer find it.
CREATE OR REPLACE FUNCTION noko_plans_stamp_by_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM noko_plans_stamp_bump(ARRAY(SELECT DISTINCT p.campaign_id FROM new_rows r JOIN improvement_plans p ON p.id = r.plan_id));
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM noko_plans_stamp_bump(ARRAY(SELECT DISTINCT p.campaign_id FROM old_rows r JOIN improvement_plans p ON p.id = r.plan_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER plans_stamp_item_insert AFTER INSERT ON plan_items REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_plan();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_item_update AFTER UPDATE ON plan_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_plan();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_item_delete AFTER DELETE ON plan_items REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_plan();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_report_insert AFTER INSERT ON plan_reports REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_plan();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_report_update AFTER UPDATE ON plan_reports REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_plan();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_report_delete AFTER DELETE ON plan_reports REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_plan();
--> statement-breakpoint
-- Plans, the campaign itself (title, year) and its result versions (which campaigns are ready for plans,
-- which version is locked) carry the campaign id.
CREATE OR REPLACE FUNCTION noko_plans_stamp_by_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM noko_plans_stamp_bump(ARRAY(SELECT DISTINCT r.campaign_id FROM new_rows r));
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM noko_plans_stamp_bump(ARRAY(SELECT DISTINCT r.campaign_id FROM old_rows r));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER plans_stamp_plan_insert AFTER INSERT ON improvement_plans REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_campaign();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_plan_update AFTER UPDATE ON improvement_plans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_campaign();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_plan_delete AFTER DELETE ON improvement_plans REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_campaign();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_version_insert AFTER INSERT ON result_versions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_campaign();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_version_update AFTER UPDATE ON result_versions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_campaign();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_version_delete AFTER DELETE ON result_versions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_by_campaign();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION noko_plans_stamp_campaigns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM noko_plans_stamp_bump(ARRAY(SELECT r.id FROM new_rows r));
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM noko_plans_stamp_bump(ARRAY(SELECT r.id FROM old_rows r));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER plans_stamp_campaign_update AFTER UPDATE ON campaigns REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_campaigns();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_campaign_delete AFTER DELETE ON campaigns REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_campaigns();
--> statement-breakpoint
-- Data without a campaign: the territories' tree (who sees what), their plan settings, organisations' names.
-- An organisation's other columns change often (its card, the site audit) and are not on the dashboard.
CREATE OR REPLACE FUNCTION noko_plans_stamp_global() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM noko_plans_stamp_bump(ARRAY['00000000-0000-0000-0000-000000000000'::uuid]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION noko_plans_stamp_organisation_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.short_name IS DISTINCT FROM o.short_name) THEN
    PERFORM noko_plans_stamp_bump(ARRAY['00000000-0000-0000-0000-000000000000'::uuid]);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER plans_stamp_organisation_update AFTER UPDATE ON organisations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_organisation_names();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_organisation_delete AFTER DELETE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_global();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_territory_change AFTER INSERT OR UPDATE OR DELETE ON territories
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_global();
--> statement-breakpoint
CREATE TRIGGER plans_stamp_settings_change AFTER INSERT OR UPDATE OR DELETE ON plan_settings
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plans_stamp_global();
