-- The bus's own state: where each capture has read up to.
CREATE TABLE IF NOT EXISTS rabta_capture_checkpoint (
    route_id   VARCHAR(200) NOT NULL PRIMARY KEY,
    watermark  TIMESTAMP(6),
    last_key   VARCHAR(200),
    updated_at TIMESTAMP(6) NOT NULL
);
