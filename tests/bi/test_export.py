"""``kinerja export``: Parquet and CSV, hive-partitioned by period, with ``_schema.json``; the
Parquet files read back equal the published tables."""

from __future__ import annotations

import json

import duckdb

from kinerja.cli import main
from kinerja.warehouse.export import export


def _status(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as err:   # a parser that exits on a wrong choice
        return int(err.code)


def _tables(published_file) -> list[str]:
    con = duckdb.connect(str(published_file), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE "
                                          "database_name = current_database() ORDER BY 1").fetchall()]
    finally:
        con.close()


def test_parquet_export_reads_back_equal_to_the_published_tables(published_file, tmp_path):
    out = tmp_path / "export"
    schema = export(published_file, out, "parquet")
    tables = _tables(published_file)
    assert [t["name"] for t in schema["tables"]] == tables
    assert (out / "fact_budget_akun" / "period=2025-06-01").is_dir()
    assert (out / "dim_satker" / "dim_satker.parquet").is_file()
    written = json.loads((out / "_schema.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(schema, default=str))
    by_name = {t["name"]: t for t in written["tables"]}
    assert by_name["fact_budget_lingkup"]["partitioned_by"] == ["period"]
    assert by_name["fact_budget_lingkup"]["primary_key"] == ["period", "kode_kanwil", "lingkup"]
    assert all(c["comment"] for t in written["tables"] for c in t["columns"]) and all(
        t["description"] for t in written["tables"])
    assert {v["name"] for v in written["views"]} >= {"v_penyerapan_bulanan"}

    con = duckdb.connect()
    con.execute(f"ATTACH '{published_file}' AS pub (READ_ONLY)")
    for table in tables:
        files = f"{out / table}/**/*.parquet"
        back = f"read_parquet('{files}', hive_partitioning = false)"
        columns = [r[0] for r in con.execute(f"DESCRIBE pub.main.{table}").fetchall()]
        assert [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {back}").fetchall()] == columns, table
        types = con.execute(f"SELECT column_type FROM (DESCRIBE SELECT * FROM {back})").fetchall()
        assert types == con.execute(f"SELECT column_type FROM (DESCRIBE pub.main.{table})").fetchall(), table
        diff = con.execute(f"""SELECT (SELECT count(*) FROM (SELECT * FROM pub.main.{table} EXCEPT ALL
                                                            SELECT * FROM {back})),
                                      (SELECT count(*) FROM (SELECT * FROM {back} EXCEPT ALL
                                                            SELECT * FROM pub.main.{table})),
                                      (SELECT count(*) FROM pub.main.{table})""").fetchall()[0]
        assert diff[:2] == (0, 0) and by_name[table]["rows"] == diff[2], table
    con.close()


def test_cli_export_writes_csv(sample_home, tmp_path, capsys):
    out = tmp_path / "csv"
    assert _status(["export", "--format", "csv", "--out", str(out), "--home", str(sample_home)]) == 0
    assert "tables written" in capsys.readouterr().out
    lines = (out / "fact_budget_lingkup" / "period=2025-06-01").glob("*.csv")
    text = "".join(p.read_text(encoding="utf-8") for p in lines)
    assert "upt,Lingkup UPT,13,120315107660.00," in text
    assert json.loads((out / "_schema.json").read_text(encoding="utf-8"))["format"] == "csv"
    assert _status(["export", "--format", "xml", "--out", str(out), "--home", str(sample_home)]) == 2
    assert _status(["export", "--out", str(out), "--home", str(tmp_path / "nothing")]) == 2
