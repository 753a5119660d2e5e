"""Plotly charts on a page: one config, selections that rerun the page, a way to clear them."""

from __future__ import annotations

import streamlit as st


def chart(fig, key: str, **kwargs):
    """A Plotly chart whose selections rerun the page (selections narrow the view); PNG export in the toolbar."""
    config = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
    config.update(kwargs.pop("config", {}))
    return st.plotly_chart(fig, key=key, on_select="rerun", selection_mode=("points", "box"), config=config,
                           **kwargs)


def selected(event, field: int = 0) -> list[str]:
    """Values of customdata[field] of the points selected in a chart event."""
    try:
        points = event.selection.points
    except AttributeError:
        return []
    out = []
    for p in points:
        data = p.get("customdata")
        if isinstance(data, list | tuple) and len(data) > field:
            out.append(str(data[field]))
        elif isinstance(data, str) and field == 0:
            out.append(data)
    return list(dict.fromkeys(out))


def clear_selection_button(key: str) -> None:
    """A visible way to undo a chart selection: forget the chart's state and rerun."""
    if st.button("Clear chart selection", key=f"clear-{key}", icon=":material/close:"):
        st.session_state.pop(key, None)
        st.rerun()
