-- The bus's own state: where each capture has read up to.
CREATE TABLE IF NOT EXISTS rabta_capture_checkpoint (
    route_id   VARCHAR(200) NOT NULL PRIMARY KEY,
    watermark  TIMESTAMP(6),
    last_key   VARCHAR(200),
    updated_at TIMESTAMP(6) NOT NULL
);

-- What each capture last sent per source key: the hash of the row as read (so an overlap re-read sends only rows
-- that are new or changed) and the row itself (so reconciliation can send the delete of a row that vanished).
CREATE TABLE IF NOT EXISTS rabta_capture_seen (
    route_id   VARCHAR(200) NOT NULL,
    source_key VARCHAR(300) NOT NULL,
    row_hash   VARCHAR(64)  NOT NULL,
    watermark  TIMESTAMP(6) NOT NULL,
    row_json   TEXT,
    PRIMARY KEY (route_id, source_key)
);
