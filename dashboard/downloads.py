"""Download buttons for a table; the bytes are built only when a button is clicked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.views.exports import to_csv_bytes, to_parquet_bytes


def downloads(df: pd.DataFrame, name: str) -> None:
    """CSV (spreadsheet-safe) and Parquet downloads of a table."""
    c1, c2 = st.columns(2)
    c1.download_button(f"Download {name} (CSV)", lambda: to_csv_bytes(df), file_name=f"{name}.csv",
                       mime="text/csv", key=f"csv-{name}", on_click="ignore")
    c2.download_button(f"Download {name} (Parquet)", lambda: to_parquet_bytes(df), file_name=f"{name}.parquet",
                       mime="application/octet-stream", key=f"parquet-{name}", on_click="ignore")
