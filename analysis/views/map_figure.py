"""The map of places as a Plotly figure that draws with no network access.

A Plotly geo map fetches its base-map topojson from a CDN unless told otherwise; MAP_CONFIG points it at
the copies shipped in static/topojson/, which Streamlit serves at /app/static/ when static file serving
is enabled.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

TOPOJSON_URL = "/app/static/topojson/"
MAP_CONFIG: dict = {"topojsonURL": TOPOJSON_URL, "displaylogo": False, "scrollZoom": True}
MAX_MARKER_PX = 42
MIN_MARKER_PX = 7


def _sizes(counts: pd.Series, largest: float) -> list[float]:
    """Marker diameters with area proportional to the mention count."""
    scale = (MAX_MARKER_PX - MIN_MARKER_PX) / math.sqrt(max(largest, 1))
    return [MIN_MARKER_PX + scale * math.sqrt(c) for c in counts]


def _by_source(places: pd.DataFrame, place_mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions per (place, source), with the place's coordinates and totals for the hover."""
    counts = (
        place_mentions.groupby(["place_id", "source"], sort=True).size().rename("source_mentions").reset_index()
    )
    cols = ["place_id", "name", "lat", "lon", "feature", "mentions", "sources"]
    return counts.merge(places[cols], on="place_id", how="inner")


def _layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_geos(
        projection_type="natural earth",
        resolution=50,
        fitbounds="locations",
        showcountries=True,
        countrycolor="#9aa5b1",
        showland=True,
        landcolor="#eef0f2",
        showocean=True,
        oceancolor="#dbe8f3",
        showcoastlines=True,
        coastlinecolor="#9aa5b1",
        showframe=False,
    )
    fig.update_layout(
        title={"text": title, "x": 0.01},
        margin={"l": 0, "r": 0, "t": 80, "b": 0},
        legend={"title": {"text": "Source", "side": "left"}, "itemsizing": "constant", "orientation": "h",
                "yanchor": "bottom", "y": 1.0, "x": 0.0},
        height=620,
    )
    return fig


def place_map(
    places: pd.DataFrame,
    place_mentions: pd.DataFrame | None = None,
    color_by_source: bool = True,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Scattergeo of places: marker area = mentions, colour = source, hover = name, mentions, sources.

    `colours` maps source -> colour so the map uses the same colour per source as every other chart.
    Each point carries its place_id (and source) in customdata so a selection can lead to the sentences.
    """
    fig = go.Figure()
    if places is None or places.empty:
        fig.add_annotation(text="No places in the selected articles", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
        return _layout(fig.add_trace(go.Scattergeo(lat=[], lon=[], mode="markers")), "Places mentioned")
    largest = float(places["mentions"].max())
    if color_by_source and place_mentions is not None and not place_mentions.empty:
        rows = _by_source(places, place_mentions)
        largest = float(rows["source_mentions"].max())
        for source, part in rows.groupby("source", sort=True):
            hover = [
                f"<b>{n}</b> ({f})<br>{source}: {k} mention{'s' if k != 1 else ''}<br>"
                f"all mentions: {m}<br>sources: {s}"
                for n, f, k, m, s in zip(part["name"], part["feature"], part["source_mentions"],
                                         part["mentions"], part["sources"], strict=True)
            ]
            fig.add_trace(go.Scattergeo(
                lat=part["lat"], lon=part["lon"], mode="markers", name=str(source),
                marker={"size": _sizes(part["source_mentions"], largest), "opacity": 0.7,
                        **({"color": colours[str(source)]} if colours and str(source) in colours else {}),
                        "line": {"width": 0.5, "color": "white"}},
                customdata=part[["place_id", "source"]].to_numpy(),
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            ))
        return _layout(fig, "Places mentioned, by source")
    fig.add_trace(go.Scattergeo(
        lat=places["lat"], lon=places["lon"], mode="markers", name="places",
        marker={"size": _sizes(places["mentions"], largest), "color": "#1f77b4", "opacity": 0.75,
                "line": {"width": 0.5, "color": "white"}},
        customdata=places[["place_id"]].to_numpy(),
        hovertext=[
            f"<b>{n}</b> ({f})<br>mentions: {m}<br>sources: {s}"
            for n, f, m, s in zip(places["name"], places["feature"], places["mentions"], places["sources"],
                                  strict=True)
        ],
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
    ))
    return _layout(fig, "Places mentioned")
