-- 001_views.sql: the views of the working DB. Tables are not here: they are created from
-- kinerja.metadata (kinerja/metadata/, one description per table and column), which also
-- describes these views' columns; kinerja.warehouse.schema.drift checks both agree.
-- Applied on every read-write connection (CREATE OR REPLACE): idempotent.
-- In the published file both views are tables, created from the metadata.

-- Load history and lineage in the published file: every load that reached the core tables,
-- current or superseded by a corrected delivery. Grain: load_id. A monthly kind's current
-- load is the latest one for its period; a reference kind's (satker, pk) the latest overall.
CREATE OR REPLACE VIEW out_load AS
SELECT load_id, run_id, flow_run_id, period, kind, shape, file_name, sha256,
       rows_read, rows_loaded, started_at, finished_at,
       row_number() OVER w_desc = 1 AS is_current,
       lead(finished_at) OVER w_asc AS superseded_at
FROM audit_load
WHERE status = 'loaded'
WINDOW w_desc AS (PARTITION BY kind, CASE WHEN kind IN ('satker', 'pk') THEN NULL ELSE period END
                  ORDER BY finished_at DESC),
       w_asc AS (PARTITION BY kind, CASE WHEN kind IN ('satker', 'pk') THEN NULL ELSE period END
                 ORDER BY finished_at);

-- Every earlier publish of the BI file. Grain: publish_id.
CREATE OR REPLACE VIEW out_publish_history AS
SELECT publish_id, run_id, flow_run_id, published_at, periods, sha256, content_sha256
FROM audit_publish;
