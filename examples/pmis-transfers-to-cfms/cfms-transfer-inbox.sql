-- The CFMS inbox for PMIS transfers; runs on H2, PostgreSQL and MariaDB alike, and again without harm.
CREATE TABLE IF NOT EXISTS pmis_transfer_inbox (
    transfer_id       BIGINT       NOT NULL PRIMARY KEY,
    admission_id      BIGINT       NOT NULL,
    prisoner_number   VARCHAR(24)  NOT NULL,
    from_jail_code    VARCHAR(10)  NOT NULL,
    from_jail_name    VARCHAR(120),
    to_jail_code      VARCHAR(10)  NOT NULL,
    to_jail_name      VARCHAR(120),
    transferred_on    DATE         NOT NULL,
    reason            VARCHAR(20)  NOT NULL,
    authority         VARCHAR(40),
    -- Written by the bus's delivery: the source version, a content hash and when the row arrived.
    rabta_version     BIGINT,
    rabta_hash        VARCHAR(64),
    rabta_received_at TIMESTAMP(6)
);
