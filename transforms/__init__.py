"""Pure polars transforms: frames in, frames out. No I/O, no prefect, no duckdb."""
