CREATE TABLE "plan_row_tallies" (
	"campaign_id" uuid NOT NULL,
	"territory_id" uuid NOT NULL,
	"plan_status" text NOT NULL,
	"section" text NOT NULL,
	"needs_funding" boolean NOT NULL,
	"status" text NOT NULL,
	"due" date,
	"n" integer NOT NULL,
	CONSTRAINT "plan_row_tallies_key" UNIQUE NULLS NOT DISTINCT("campaign_id","territory_id","plan_status","section","needs_funding","status","due")
);
--> statement-breakpoint
CREATE INDEX "plan_items_claimed_idx" ON "plan_items" USING btree ("claimed_at") WHERE status = 'claimed';--> statement-breakpoint
CREATE INDEX "plan_items_open_due_idx" ON "plan_items" USING btree ("planned_date") WHERE status in ('planned', 'in_progress') and planned_kind <> 'permanent';--> statement-breakpoint
CREATE INDEX "plan_reports_submitted_idx" ON "plan_reports" USING btree ("submitted_at") WHERE status = 'submitted';--> statement-breakpoint
-- Decision 0085: the tallies follow every write to plan_items and every change of a plan's status, set-based
-- (one statement-level trigger per statement, whatever the number of rows), in the writer's transaction.
CREATE OR REPLACE FUNCTION noko_plan_row_tally_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The generator inserts a region's rows and writes their tallies itself in the same transaction
  -- (src/plans/generate.server.ts): on PGlite this trigger's aggregate cost two thirds of the insert.
  IF current_setting('noko.plan_tallies_by_writer', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO plan_row_tallies AS t (campaign_id, territory_id, plan_status, section, needs_funding, status, due, n)
      SELECT p.campaign_id, p.territory_id, p.status, o.section, o.needs_funding, o.status,
        CASE WHEN o.status IN ('planned', 'in_progress') AND o.planned_kind <> 'permanent' THEN o.planned_date END, -count(*)::int
      FROM old_rows o JOIN improvement_plans p ON p.id = o.plan_id
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT ON CONSTRAINT plan_row_tallies_key DO UPDATE SET n = t.n + excluded.n;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO plan_row_tallies AS t (campaign_id, territory_id, plan_status, section, needs_funding, status, due, n)
      SELECT p.campaign_id, p.territory_id, p.status, r.section, r.needs_funding, r.status,
        CASE WHEN r.status IN ('planned', 'in_progress') AND r.planned_kind <> 'permanent' THEN r.planned_date END, count(*)::int
      FROM new_rows r JOIN improvement_plans p ON p.id = r.plan_id
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT ON CONSTRAINT plan_row_tallies_key DO UPDATE SET n = t.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER plan_row_tally_insert AFTER INSERT ON plan_items REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plan_row_tally_items();
--> statement-breakpoint
CREATE TRIGGER plan_row_tally_update AFTER UPDATE ON plan_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plan_row_tally_items();
--> statement-breakpoint
CREATE TRIGGER plan_row_tally_delete AFTER DELETE ON plan_items REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plan_row_tally_items();
--> statement-breakpoint
-- A plan changing status moves all its rows to the new status's tallies. A deleted plan (a campaign deleted
-- with its plans) takes its rows out before the cascade deletes them, when the rows' own trigger no longer
-- finds the plan to attribute them to.
CREATE OR REPLACE FUNCTION noko_plan_row_tally_plans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO plan_row_tallies AS t (campaign_id, territory_id, plan_status, section, needs_funding, status, due, n)
      SELECT x.campaign_id, x.territory_id, x.plan_status, x.section, x.needs_funding, x.status, x.due, sum(x.n)::int FROM (
        SELECT o.campaign_id, o.territory_id, o.status AS plan_status, i.section, i.needs_funding, i.status,
          CASE WHEN i.status IN ('planned', 'in_progress') AND i.planned_kind <> 'permanent' THEN i.planned_date END AS due, -1 AS n
        FROM old_plans o JOIN new_plans p ON p.id = o.id AND (p.status <> o.status OR p.territory_id <> o.territory_id OR p.campaign_id <> o.campaign_id)
        JOIN plan_items i ON i.plan_id = o.id
        UNION ALL
        SELECT p.campaign_id, p.territory_id, p.status, i.section, i.needs_funding, i.status,
          CASE WHEN i.status IN ('planned', 'in_progress') AND i.planned_kind <> 'permanent' THEN i.planned_date END, 1
        FROM old_plans o JOIN new_plans p ON p.id = o.id AND (p.status <> o.status OR p.territory_id <> o.territory_id OR p.campaign_id <> o.campaign_id)
        JOIN plan_items i ON i.plan_id = p.id
      ) x
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT ON CONSTRAINT plan_row_tallies_key DO UPDATE SET n = t.n + excluded.n;
    RETURN NULL;
  END IF;
  INSERT INTO plan_row_tallies AS t (campaign_id, territory_id, plan_status, section, needs_funding, status, due, n)
    SELECT OLD.campaign_id, OLD.territory_id, OLD.status, i.section, i.needs_funding, i.status,
      CASE WHEN i.status IN ('planned', 'in_progress') AND i.planned_kind <> 'permanent' THEN i.planned_date END, -count(*)::int
    FROM plan_items i WHERE i.plan_id = OLD.id
    GROUP BY 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT plan_row_tallies_key DO UPDATE SET n = t.n + excluded.n;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER plan_row_tally_plan_update AFTER UPDATE ON improvement_plans REFERENCING OLD TABLE AS old_plans NEW TABLE AS new_plans
  FOR EACH STATEMENT EXECUTE FUNCTION noko_plan_row_tally_plans();
--> statement-breakpoint
CREATE TRIGGER plan_row_tally_plan_delete BEFORE DELETE ON improvement_plans
  FOR EACH ROW EXECUTE FUNCTION noko_plan_row_tally_plans();
--> statement-breakpoint
INSERT INTO plan_row_tallies (campaign_id, territory_id, plan_status, section, needs_funding, status, due, n)
  SELECT p.campaign_id, p.territory_id, p.status, i.section, i.needs_funding, i.status,
    CASE WHEN i.status IN ('planned', 'in_progress') AND i.planned_kind <> 'permanent' THEN i.planned_date END, count(*)::int
  FROM plan_items i JOIN improvement_plans p ON p.id = i.plan_id
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
