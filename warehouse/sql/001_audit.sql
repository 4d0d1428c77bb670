-- 001_audit.sql: what happened to every file and every run.
-- Applied on every connection (idempotent). Timestamps are UTC (TIMESTAMPTZ).

-- One row per file a run tried to load.
-- Grain: load_id. A load that fails its gate or cannot be read is recorded too
-- (status 'unreadable' or 'gate_failed'); its rows never reach raw_*/core_*/out_*.
CREATE TABLE IF NOT EXISTS audit_load (
    load_id       VARCHAR PRIMARY KEY,   -- uuid4 of this file's load
    run_id        VARCHAR NOT NULL,      -- audit_run.run_id
    flow_run_id   VARCHAR,               -- Prefect flow run id (null outside Prefect)
    period        DATE NOT NULL,         -- first day of the period the file was delivered for
    kind          VARCHAR NOT NULL,      -- satker | pagu | realisasi
    shape         VARCHAR,               -- satker | pagu | summary | transactions (null if unreadable)
    file_name     VARCHAR NOT NULL,      -- path relative to the landing root
    sha256        VARCHAR NOT NULL,      -- of the file's bytes
    rows_read     BIGINT,                -- data rows (total rows excluded)
    rows_loaded   BIGINT,                -- rows written to raw_* (0 unless status = 'loaded')
    gate_outcome  VARCHAR NOT NULL,      -- passed | failed | unreadable | not_run
    n_errors      INTEGER NOT NULL,
    n_warnings    INTEGER NOT NULL,
    status        VARCHAR NOT NULL,      -- loaded | gate_failed | unreadable | blocked (another file failed)
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ NOT NULL
);

-- Every issue a reader or a gate found. Grain: one failing row x rule (capped per rule).
CREATE TABLE IF NOT EXISTS audit_gate_issue (
    run_id    VARCHAR NOT NULL,
    load_id   VARCHAR,                   -- null for reconciliations spanning several files
    period    DATE NOT NULL,
    file_name VARCHAR NOT NULL,
    row_number BIGINT,                   -- row as a person sees it in the file
    column_name VARCHAR,
    rule      VARCHAR NOT NULL,          -- stable rule id, see docs/rules.md
    severity  VARCHAR NOT NULL,          -- error | warning
    message   VARCHAR NOT NULL
);

-- GX validation results as JSON, one per suite run. Grain: run_id x suite x file.
CREATE TABLE IF NOT EXISTS audit_gate_result (
    run_id      VARCHAR NOT NULL,
    period      DATE NOT NULL,
    suite       VARCHAR NOT NULL,
    file_name   VARCHAR NOT NULL,
    success     BOOLEAN NOT NULL,
    n_evaluated INTEGER NOT NULL,
    n_failed    INTEGER NOT NULL,
    result_json VARCHAR NOT NULL
);

-- One row per period a run processed. Grain: run_id x period.
CREATE TABLE IF NOT EXISTS audit_run (
    run_id       VARCHAR NOT NULL,
    flow_run_id  VARCHAR,
    period       DATE NOT NULL,
    status       VARCHAR NOT NULL,       -- refreshed | gate_failed | unreadable | skipped (unchanged)
    gate_report  VARCHAR,                -- path of the gate report (index.html) under the home
    code_version VARCHAR NOT NULL,       -- kinerja release + hash of the code (kinerja.version)
    inputs_sha256 VARCHAR,               -- hash over kind, name and sha256 of the period's own input files
    lineage_sha256 VARCHAR,              -- inputs_sha256 + the previous period's lineage_sha256 + code_version:
                                         -- equal values mean nothing this period depends on has changed
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, period)
);

-- One row per publish of the BI file. Grain: publish_id.
CREATE TABLE IF NOT EXISTS audit_publish (
    publish_id    VARCHAR PRIMARY KEY,
    run_id        VARCHAR NOT NULL,
    flow_run_id   VARCHAR,
    published_at  TIMESTAMPTZ NOT NULL,
    periods       VARCHAR NOT NULL,      -- comma-separated YYYY-MM present in the file
    sha256        VARCHAR,               -- of the published file (set once it is swapped in)
    content_sha256 VARCHAR NOT NULL      -- of the reporting content (independent of file layout)
);
