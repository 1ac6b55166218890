-- Rabta changelog capture for PostgreSQL: one change table fed by row triggers, read by capture:<connector>?mode=changelog.
-- Run once in the department's database (psql -f postgresql.sql); add one CREATE TRIGGER per captured table.

CREATE TABLE IF NOT EXISTS rabta_changelog (
    change_id  BIGSERIAL    PRIMARY KEY,
    table_name VARCHAR(128) NOT NULL,
    row_key    VARCHAR(200) NOT NULL,
    operation  CHAR(1)      NOT NULL,                       -- I insert, U update, D delete
    old_row    TEXT,                                         -- the deleted row as JSON, so the delete can be mapped
    changed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX IF NOT EXISTS rabta_changelog_table_ix ON rabta_changelog (table_name, change_id);

-- One function for every table; the trigger passes the name of the table's key column.
CREATE OR REPLACE FUNCTION rabta_log_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO rabta_changelog (table_name, row_key, operation, old_row)
        VALUES (TG_TABLE_NAME, to_jsonb(OLD) ->> TG_ARGV[0], 'D', to_jsonb(OLD)::text);
        RETURN OLD;
    END IF;
    INSERT INTO rabta_changelog (table_name, row_key, operation)
    VALUES (TG_TABLE_NAME, to_jsonb(NEW) ->> TG_ARGV[0], CASE TG_OP WHEN 'INSERT' THEN 'I' ELSE 'U' END);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

-- PMIS admissions (key ADM_ID); PostgreSQL folds unquoted names to lower case.
DROP TRIGGER IF EXISTS admsn_rabta_changelog ON admsn;
CREATE TRIGGER admsn_rabta_changelog AFTER INSERT OR UPDATE OR DELETE ON admsn
    FOR EACH ROW EXECUTE FUNCTION rabta_log_change('adm_id');
