"""audit_*: what happened to every file, run and publish, and the schema's own versions.

Working DB only (the published file carries their public parts as out_load and
out_publish_history). Timestamps are UTC (TIMESTAMPTZ).
"""

from __future__ import annotations

from .classes import Table
from .fields import col

AUDIT = (
    Table(
        "audit_load", "audit", "load_id",
        "One row per file a run tried to load. A load that fails its gate or cannot be read is "
        "recorded too (status unreadable or gate_failed); its rows never reach raw_*, core_* or "
        "out_*.",
        (
            col("load_id", description="Id of this file's load: a uuid5 of kind, period (none for "
                "reference kinds) and the file's sha256, so the same file has the same id in every home"),
            col("run_id"),
            col("flow_run_id"),
            col("period", description="First day of the period the file was delivered for (the "
                "period being refreshed, for reference files)"),
            col("kind", "VARCHAR", "Landing kind: satker, pagu, realisasi, rb, pk, iku, survei or iph",
                nullable=False),
            col("shape", "VARCHAR", "Canonical shape read: satker, pagu, summary, transactions, rb, pk, "
                "iku, survei or iph (null if unreadable)"),
            col("file_name"),
            col("sha256", "VARCHAR", "SHA-256 of the file's bytes", nullable=False),
            col("rows_read", "BIGINT", "Data rows read (total rows excluded); null if unreadable",
                unit="count"),
            col("rows_loaded", "BIGINT", "Rows written to raw_* (0 unless status = 'loaded')",
                unit="count"),
            col("gate_outcome", "VARCHAR", "passed, failed, unreadable or not_run", nullable=False),
            col("n_errors", "INTEGER", "Errors the reader and the gate found in the file", unit="count",
                nullable=False),
            col("n_warnings", "INTEGER", "Warnings the gate found in the file", unit="count",
                nullable=False),
            col("status", "VARCHAR", "loaded, gate_failed, unreadable or blocked (another file of the "
                "period failed)", nullable=False),
            col("started_at", description="When the load started (UTC)"),
            col("finished_at", description="When the load finished (UTC)"),
        ),
        primary_key=("load_id",),
    ),
    Table(
        "audit_gate_issue", "audit", "one failing row x rule (capped per rule)",
        "Every issue a reader or a gate found, errors and warnings.",
        (
            col("run_id"),
            col("load_id", description="The load of the file (null for reconciliations spanning "
                "several files)", nullable=True),
            col("period", description="First day of the period being refreshed"),
            col("file_name"),
            col("row_number", "BIGINT", "Row as a person sees it in the file (null: the whole file)"),
            col("column_name", "VARCHAR", "Column the issue is about (null: the row or the file)"),
            col("rule", "VARCHAR", "Stable rule id (docs/rules.md)", nullable=False),
            col("severity", "VARCHAR", "error or warning", nullable=False),
            col("message", "VARCHAR", "The sentence shown to a person: what is wrong and where",
                nullable=False),
        ),
    ),
    Table(
        "audit_gate_result", "audit", "run_id x suite x file",
        "Great Expectations validation results as JSON, one per suite run.",
        (
            col("run_id"),
            col("period", description="First day of the period being refreshed"),
            col("suite", "VARCHAR", "Name of the GX suite (shape, shape.schema, shape.totals or a "
                "reconciliation)", nullable=False),
            col("file_name"),
            col("success", "BOOLEAN", "Whether every expectation of the suite passed", nullable=False),
            col("n_evaluated", "INTEGER", "Expectations evaluated", unit="count", nullable=False),
            col("n_failed", "INTEGER", "Expectations that failed", unit="count", nullable=False),
            col("result_json", "VARCHAR", "The GX validation result as JSON", nullable=False),
        ),
    ),
    Table(
        "audit_run", "audit", "run_id x period",
        "One row per period a run processed: refreshed, failed or skipped as unchanged.",
        (
            col("run_id", description="Id of the run (one refresh invocation, uuid4)"),
            col("flow_run_id"),
            col("period", description="First day of the period processed"),
            col("status", "VARCHAR", "refreshed, gate_failed, unreadable or skipped (unchanged)",
                nullable=False),
            col("gate_report", "VARCHAR", "Path of the gate report (index.html) under the home"),
            col("code_version", "VARCHAR", "kinerja release + hash of the code (kinerja.version)",
                nullable=False),
            col("inputs_sha256", "VARCHAR", "Hash over kind, name and sha256 of the period's own input "
                "files"),
            col("lineage_sha256", "VARCHAR", "Hash of inputs_sha256, the previous period's "
                "lineage_sha256 and code_version: equal values mean nothing this period depends on "
                "has changed"),
            col("started_at", description="When the period's processing started (UTC)"),
            col("finished_at", description="When the period's processing finished (UTC)"),
            col("rules_sha256", "VARCHAR", "Hash of the fiscal-year rule set the refresh used "
                "(kinerja.rules); null for runs recorded before schema version 2"),
        ),
        primary_key=("run_id", "period"),
    ),
    Table(
        "audit_publish", "audit", "publish_id",
        "One row per publish of the BI file.",
        (
            col("publish_id", "VARCHAR", "Id of the publish (uuid4)", nullable=False),
            col("run_id"),
            col("flow_run_id"),
            col("published_at", "TIMESTAMPTZ", "When the file was built (UTC)", nullable=False),
            col("periods", "VARCHAR", "Comma-separated YYYY-MM periods present in the file",
                nullable=False),
            col("sha256", "VARCHAR", "SHA-256 of the published file (set once it is swapped in)"),
            col("content_sha256", "VARCHAR", "Hash of the reporting content: per out_* table the row "
                "count and the sum of row hashes, independent of file layout and row order",
                nullable=False),
        ),
        primary_key=("publish_id",),
    ),
    Table(
        "audit_schema_version", "audit", "version",
        "The schema versions this working DB went through: one row per migration applied, or one "
        "row for a DB built at its version. The highest version is the DB's schema version "
        "(kinerja.warehouse.schema.SCHEMA_VERSION is the code's).",
        (
            col("version", "INTEGER", "Schema version reached", nullable=False),
            col("applied_at", "TIMESTAMPTZ", "When it was reached (UTC)", nullable=False),
            col("description", "VARCHAR", "What the version changed, or how the DB was built",
                nullable=False),
        ),
        primary_key=("version",),
    ),
)
