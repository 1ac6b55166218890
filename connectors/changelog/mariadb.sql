-- Rabta changelog capture for MariaDB: one change table fed by row triggers, read by capture:<connector>?mode=changelog.
-- Run once in the department's database (mariadb < mariadb.sql); add three triggers per captured table.

CREATE TABLE IF NOT EXISTS rabta_changelog (
    change_id  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    table_name VARCHAR(128) NOT NULL,
    row_key    VARCHAR(200) NOT NULL,
    operation  CHAR(1)      NOT NULL,
    old_row    TEXT,
    changed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    INDEX rabta_changelog_table_ix (table_name, change_id)
);

-- PMIS admissions (key ADM_ID). A delete keeps the old row as JSON: list the columns the mappings read.
DROP TRIGGER IF EXISTS ADMSN_rabta_insert;
CREATE TRIGGER ADMSN_rabta_insert AFTER INSERT ON ADMSN FOR EACH ROW
    INSERT INTO rabta_changelog (table_name, row_key, operation) VALUES ('ADMSN', NEW.ADM_ID, 'I');

DROP TRIGGER IF EXISTS ADMSN_rabta_update;
CREATE TRIGGER ADMSN_rabta_update AFTER UPDATE ON ADMSN FOR EACH ROW
    INSERT INTO rabta_changelog (table_name, row_key, operation) VALUES ('ADMSN', NEW.ADM_ID, 'U');

DROP TRIGGER IF EXISTS ADMSN_rabta_delete;
CREATE TRIGGER ADMSN_rabta_delete AFTER DELETE ON ADMSN FOR EACH ROW
    INSERT INTO rabta_changelog (table_name, row_key, operation, old_row) VALUES ('ADMSN', OLD.ADM_ID, 'D', JSON_OBJECT(
        'ADM_ID', OLD.ADM_ID, 'JAIL_CD', OLD.JAIL_CD, 'PRSNR_NO', OLD.PRSNR_NO, 'PRSNR_NM', OLD.PRSNR_NM,
        'FTHR_HSBND_NM', OLD.FTHR_HSBND_NM, 'REL_TYP', OLD.REL_TYP, 'SEX', OLD.SEX, 'CNIC_NO', OLD.CNIC_NO,
        'AGE_YRS', OLD.AGE_YRS, 'DOB', OLD.DOB, 'JUV_FLG', OLD.JUV_FLG, 'DIST_CD', OLD.DIST_CD, 'PS_CD', OLD.PS_CD,
        'FIR_NO', OLD.FIR_NO, 'FIR_YR', OLD.FIR_YR, 'SECTIONS', OLD.SECTIONS, 'ARST_DT', OLD.ARST_DT,
        'ADM_DT', OLD.ADM_DT, 'PRSNR_STS', OLD.PRSNR_STS, 'REL_DT', OLD.REL_DT, 'REL_RSN', OLD.REL_RSN));
