"""The published file's history tables: load lineage, earlier publishes, this publish.

out_load and out_publish_history are views over audit_* in the working DB (their SELECT is
in ``warehouse/sql/``) and tables in the published file; publish_info and publish_period
exist only there.
"""

from __future__ import annotations

from .classes import Table
from .fields import col

PUBLISHED = (
    Table(
        "out_load", "out", "load_id",
        "The load history and lineage: every file load that reached the core tables, current or "
        "superseded by a corrected delivery. A monthly kind's current load is the latest one for its "
        "period; a reference kind's (satker, pk) the latest overall. The *_load_id columns of the "
        "reporting tables are keys of this table.",
        (
            col("load_id", description="Id of the load: a uuid5 of kind, period (none for reference "
                "kinds) and the file's sha256, so the same file has the same id in every home"),
            col("run_id", description="The run that loaded the file"),
            col("flow_run_id"),
            col("period", description="First day of the period the file was delivered for"),
            col("kind", "VARCHAR", "Landing kind: satker, pagu, realisasi, rb, pk, iku, survei or iph",
                nullable=False),
            col("shape", "VARCHAR", "Canonical shape read: satker, pagu, summary, transactions, rb, pk, "
                "iku, survei or iph"),
            col("file_name"),
            col("sha256", "VARCHAR", "SHA-256 of the file's bytes", nullable=False),
            col("rows_read", "BIGINT", "Data rows read (total rows excluded)", unit="count"),
            col("rows_loaded", "BIGINT", "Rows written to raw_*", unit="count"),
            col("started_at", description="When the load started (UTC)"),
            col("finished_at", description="When the load finished (UTC)"),
            col("is_current", "BOOLEAN", "The latest load of its kind and period (of its kind, for "
                "reference kinds): the one the figures use", nullable=False),
            col("superseded_at", "TIMESTAMPTZ", "When a newer delivery replaced it (null: current)"),
        ),
        primary_key=("load_id",), working="view", published=True,
    ),
    Table(
        "out_publish_history", "out", "publish_id",
        "Every earlier publish of this file (the current one is publish_info).",
        (
            col("publish_id", "VARCHAR", "Id of the publish (uuid4)", nullable=False),
            col("run_id", description="The run that published"),
            col("flow_run_id"),
            col("published_at", "TIMESTAMPTZ", "When the file was built (UTC)", nullable=False),
            col("periods", "VARCHAR", "Comma-separated YYYY-MM periods the file held", nullable=False),
            col("sha256", "VARCHAR", "SHA-256 of the published file"),
            col("content_sha256", "VARCHAR", "Hash of the reporting content of the out_* tables (equal "
                "content gives an equal hash)", nullable=False),
        ),
        primary_key=("publish_id",), working="view", published=True,
    ),
    Table(
        "publish_info", "publish", "one row",
        "This publish of the file.",
        (
            col("publish_id", "VARCHAR", "Id of this publish (uuid4)", nullable=False),
            col("run_id", description="The run that published"),
            col("flow_run_id"),
            col("published_at", "TIMESTAMPTZ", "When the file was built (UTC)", nullable=False),
            col("periods", "VARCHAR", "Comma-separated YYYY-MM periods in the file", nullable=False),
            col("content_sha256", "VARCHAR", "Hash of the reporting content: per out_* table the row "
                "count and the sum of row hashes, independent of file layout and row order (equal "
                "content gives an equal hash)", nullable=False),
        ),
        primary_key=("publish_id",), working=None, published=True,
    ),
    Table(
        "publish_period", "publish", "period",
        "What this file holds of each period: the refresh its rows come from and their content "
        "hash. A publish rewrites only the periods refreshed since (kinerja.warehouse.publish) and "
        "checks the rest against these rows.",
        (
            col("period", description="First day of the period"),
            col("run_id", description="The run whose refresh of the period wrote these rows"),
            col("n_rows", "BIGINT", "Rows of the period in the out_* reporting tables", unit="count",
                nullable=False),
            col("content_sha256", "VARCHAR", "Hash of the period's rows: per out_* table the row count and "
                "the sum of row hashes, independent of file layout and row order", nullable=False),
        ),
        primary_key=("period",), working=None, published=True,
    ),
)
