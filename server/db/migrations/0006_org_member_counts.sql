CREATE TABLE "org_member_counts" (
	"org_id" text NOT NULL,
	"removed_org_connection" boolean NOT NULL,
	"personal_state" text NOT NULL,
	"members" integer NOT NULL,
	CONSTRAINT "org_member_counts_org_id_removed_org_connection_personal_state_pk" PRIMARY KEY("org_id","removed_org_connection","personal_state")
);
--> statement-breakpoint
ALTER TABLE "org_member_counts" ADD CONSTRAINT "org_member_counts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The counts are kept by triggers in the writing transaction. Both tables' triggers take the same
-- per-org transaction lock before reading the other table, so of two transactions changing one
-- member's "removed" flag and personal connection at once, the second reads what the first
-- committed (READ COMMITTED: each statement here sees the latest commits), and every member
-- stays in exactly one count. Class 7305828 is this project's own ("ozc" + 1).
CREATE FUNCTION org_member_counts_add(p_org text, p_removed boolean, p_personal text, p_delta integer)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO org_member_counts AS c (org_id, removed_org_connection, personal_state, members)
  VALUES (p_org, p_removed, p_personal, p_delta)
  ON CONFLICT (org_id, removed_org_connection, personal_state)
  DO UPDATE SET members = c.members + excluded.members
$$;
--> statement-breakpoint
-- Taking a member out only updates: when the org itself is being deleted, its counts may already
-- be gone with it (ON DELETE CASCADE), and nothing may be inserted for it.
CREATE FUNCTION org_member_counts_take(p_org text, p_removed boolean, p_personal text)
RETURNS void LANGUAGE sql AS $$
  UPDATE org_member_counts SET members = members - 1
  WHERE org_id = p_org AND removed_org_connection = p_removed AND personal_state = p_personal
$$;
--> statement-breakpoint
CREATE FUNCTION org_member_counts_on_membership() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  personal text;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_advisory_xact_lock(7305828, hashtext(OLD.org_id));
    SELECT pc.state INTO personal FROM personal_connections pc
      WHERE pc.account_id = OLD.account_id AND pc.org_id = OLD.org_id;
    PERFORM org_member_counts_take(OLD.org_id, OLD.removed_org_connection, coalesce(personal, 'none'));
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM pg_advisory_xact_lock(7305828, hashtext(NEW.org_id));
    SELECT pc.state INTO personal FROM personal_connections pc
      WHERE pc.account_id = NEW.account_id AND pc.org_id = NEW.org_id;
    PERFORM org_member_counts_add(NEW.org_id, NEW.removed_org_connection, coalesce(personal, 'none'), 1);
  END IF;
  IF TG_WHEN = 'BEFORE' THEN
    RETURN OLD;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION org_member_counts_on_personal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  removed boolean;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_advisory_xact_lock(7305828, hashtext(OLD.org_id));
    SELECT m.removed_org_connection INTO removed FROM memberships m
      WHERE m.org_id = OLD.org_id AND m.account_id = OLD.account_id;
    IF FOUND THEN
      PERFORM org_member_counts_take(OLD.org_id, removed, OLD.state);
      PERFORM org_member_counts_add(OLD.org_id, removed, 'none', 1);
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM pg_advisory_xact_lock(7305828, hashtext(NEW.org_id));
    SELECT m.removed_org_connection INTO removed FROM memberships m
      WHERE m.org_id = NEW.org_id AND m.account_id = NEW.account_id;
    IF FOUND THEN
      PERFORM org_member_counts_take(NEW.org_id, removed, 'none');
      PERFORM org_member_counts_add(NEW.org_id, removed, NEW.state, 1);
    END IF;
  END IF;
  IF TG_WHEN = 'BEFORE' THEN
    RETURN OLD;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A delete counts just before its row goes: when one statement deletes a member's membership and
-- personal connection together (an account deleted, cascading to both), AFTER triggers would run
-- once both rows are gone and neither would see the other. An update counts only when it changes
-- an input (token refreshes and renames write these rows often).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('memberships', 'org_member_counts_on_membership', 'removed_org_connection'),
    ('personal_connections', 'org_member_counts_on_personal', 'state')
  ) AS v(tbl, fn, input) LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE DELETE ON %I FOR EACH ROW EXECUTE FUNCTION %I()',
      t.tbl || '_counts_delete', t.tbl, t.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I FOR EACH ROW EXECUTE FUNCTION %I()',
      t.tbl || '_counts_insert', t.tbl, t.fn);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I FOR EACH ROW WHEN ('
      || 'OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.account_id IS DISTINCT FROM NEW.account_id'
      || ' OR OLD.%I IS DISTINCT FROM NEW.%I) EXECUTE FUNCTION %I()',
      t.tbl || '_counts_update', t.tbl, t.input, t.input, t.fn);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The members already there. CREATE TRIGGER locked both tables against writes until this
-- migration commits, so nothing is missed or counted twice.
INSERT INTO org_member_counts (org_id, removed_org_connection, personal_state, members)
SELECT m.org_id, m.removed_org_connection, coalesce(pc.state, 'none'), count(*)::int
FROM memberships m
  LEFT JOIN personal_connections pc ON pc.account_id = m.account_id AND pc.org_id = m.org_id
GROUP BY 1, 2, 3;
