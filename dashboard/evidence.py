"""The sentences behind a number, shown next to the chart that counted them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.views.markup import escape, highlight


def show_sentences(evidence: pd.DataFrame, colour: str = "orange", limit: int = 50) -> None:
    """The sentences behind a number, the relevant words highlighted; text always escaped."""
    if evidence.empty:
        st.info("No sentences to show for this selection.")
        return
    for row in evidence.head(limit).itertuples(index=False):
        spans = []
        if pd.notna(row.mark_start) and pd.notna(row.mark_end):
            spans.append((int(row.mark_start), int(row.mark_end), colour))
        st.markdown(f"**{escape(str(row.source))}** - {escape(str(row.title))}  \n"
                    f"{highlight(str(row.sentence), spans)}")
    if len(evidence) > limit:
        st.caption(f"Showing {limit} of {len(evidence)} sentences.")
