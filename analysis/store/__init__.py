"""Articles to stored tables: the per-article analysis and its cache, the engines (local, Dask),
corpus-level table assembly and the Parquet store."""
