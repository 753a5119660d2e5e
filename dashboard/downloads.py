"""Download buttons for a table; the bytes are built only when a button is clicked."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.views.exports import to_csv_bytes, to_parquet_bytes
from analysis.views.memory_views import ROW_LIMIT
from analysis.views.queries import Filters


def downloads(df: pd.DataFrame | Callable[[], pd.DataFrame], name: str) -> None:
    """CSV (spreadsheet-safe) and Parquet downloads of a table (or of the table a function returns)."""
    frame = df if callable(df) else (lambda: df)
    c1, c2 = st.columns(2)
    c1.download_button(f"Download {name} (CSV)", lambda: to_csv_bytes(frame()), file_name=f"{name}.csv",
                       mime="text/csv", key=f"csv-{name}", on_click="ignore")
    c2.download_button(f"Download {name} (Parquet)", lambda: to_parquet_bytes(frame()),
                       file_name=f"{name}.parquet", mime="application/octet-stream", key=f"parquet-{name}",
                       on_click="ignore")


def table_downloads(views, f: Filters, name: str) -> None:
    """Downloads of one table under the filters, read only when clicked (at most ROW_LIMIT rows)."""
    downloads(lambda: views.table_rows(f, name, limit=ROW_LIMIT)[0], name)
    if views.out_of_core:
        st.caption(f"Downloads hold the first {ROW_LIMIT:,} rows under the filters; the Parquet store holds "
                   "every row.")
