"""Aggregates -> Plotly figures. Every figure has a title and axis titles; one colour per source everywhere."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

PALETTE = px.colors.qualitative.Safe + px.colors.qualitative.Vivid
THIN_COLOUR = "#d9d9d9"
LAYOUT = {"margin": {"l": 10, "r": 10, "t": 60, "b": 10}, "legend_title_text": "Source"}


def source_colours(sources: Iterable[str]) -> dict[str, str]:
    """A stable colour per source (sorted by name), so the same outlet has the same colour on every chart."""
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sorted(set(map(str, sources))))}


def _height(n_rows: int, per_row: int = 28, base: int = 160) -> int:
    return max(320, base + per_row * n_rows)


def empty_figure(title: str, why: str) -> go.Figure:
    """A titled figure that says what is empty and why, instead of an empty plot."""
    fig = go.Figure()
    fig.add_annotation(text=why, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 14})
    fig.update_layout(title=title, xaxis={"visible": False}, yaxis={"visible": False}, height=260)
    return fig


def actor_mentions_bar(counts: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
    """Horizontal stacked bars: named mentions per actor, split by source."""
    title = "Named mentions per actor, by source"
    if counts.empty:
        return empty_figure(title, "No actor mentions match the current filters.")
    order = list(dict.fromkeys(counts["actor"]))
    fig = px.bar(
        counts, x="mentions", y="actor", color="source", orientation="h", color_discrete_map=dict(colours),
        category_orders={"actor": order}, custom_data=["actor", "source"],
        hover_data={"actor_type": True, "mentions": True},
    )
    fig.update_layout(title=title, xaxis_title="Named mentions", yaxis_title="Actor", barmode="stack",
                      height=_height(len(order)), **LAYOUT)
    return fig


def share_of_voice_heatmap(shares: pd.DataFrame) -> go.Figure:
    """Source x actor: each top actor's share of all actor mentions in that source, as a percentage."""
    title = "Share of voice: each actor's share of a source's actor mentions"
    if shares.empty:
        return empty_figure(title, "No actor mentions match the current filters.")
    actors = list(shares.groupby("actor", observed=True)["mentions"].sum().sort_values(ascending=False).index)
    sources = sorted(shares["source"].unique())
    grid = shares.pivot(index="source", columns="actor", values="share").reindex(index=sources, columns=actors)
    counts = shares.pivot(index="source", columns="actor", values="mentions").reindex(index=sources, columns=actors)
    text = [[("" if pd.isna(v) else f"{v:.0%}") for v in row] for row in grid.to_numpy()]
    n = counts.to_numpy()
    custom = [[[a, s, "" if pd.isna(n[i][j]) else int(n[i][j])] for j, a in enumerate(actors)]
              for i, s in enumerate(sources)]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=actors, y=sources, colorscale="Blues", zmin=0, text=text, texttemplate="%{text}",
        customdata=custom, colorbar={"title": "Share", "tickformat": ".0%"},
        hovertemplate="%{y}: %{x}, %{z:.1%} of the source's actor mentions (%{customdata[2]})<extra></extra>",
    ))
    fig.update_layout(title=title, xaxis_title="Actor", yaxis_title="Source", height=_height(len(sources), 50),
                      margin={"l": 10, "r": 10, "t": 60, "b": 120})
    fig.update_xaxes(tickangle=-35)
    return fig


def cooccurrence_network(edges: pd.DataFrame, mention_totals: pd.Series) -> go.Figure:
    """Actors on a circle, joined when named in the same sentence; line width grows with shared sentences."""
    title = "Actors named in the same sentence"
    if edges.empty:
        return empty_figure(title, "No two actors share a sentence under the current filters.")
    nodes = list(dict.fromkeys(list(edges["actor_a"]) + list(edges["actor_b"])))
    nodes.sort(key=lambda n: -int(mention_totals.get(n, 0)))
    half = (len(nodes) + 1) // 2
    nodes = [n for pair in zip(nodes[:half], [*nodes[half:], None], strict=False) for n in pair if n is not None]
    angle = {n: math.pi / 2 - 2 * math.pi * i / len(nodes) for i, n in enumerate(nodes)}
    pos = {n: (math.cos(a), math.sin(a)) for n, a in angle.items()}
    fig = go.Figure()
    top = max(int(edges["sentences"].max()), 1)
    for e in edges.itertuples(index=False):
        (x0, y0), (x1, y1) = pos[e.actor_a], pos[e.actor_b]
        fig.add_trace(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip", showlegend=False,
                                 line={"width": 1 + 7 * e.sentences / top, "color": "rgba(90,110,140,0.45)"}))
    sizes = np.array([int(mention_totals.get(n, 1)) for n in nodes], dtype=float)
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text", text=nodes,
        textposition=[_label_side(angle[n]) for n in nodes],
        marker={"size": 10 + 30 * np.sqrt(sizes / sizes.max()), "color": "#4C78A8", "line": {"width": 1}},
        customdata=nodes, hovertemplate="%{customdata}<br>%{marker.size:.0f}px<extra></extra>", showlegend=False,
        name="actors",
    ))
    fig.update_traces(hovertemplate="%{customdata}<extra></extra>", selector={"name": "actors"})
    fig.update_layout(title=title, height=560, xaxis={"visible": False, "range": [-1.9, 1.9]},
                      yaxis={"visible": False, "range": [-1.25, 1.25], "scaleanchor": "x"},
                      margin=LAYOUT["margin"])
    return fig


def _label_side(angle: float) -> str:
    """Put a node's label outside the circle, so labels never sit on the edges or other nodes."""
    x, y = math.cos(angle), math.sin(angle)
    if abs(y) > 0.8:
        return "top center" if y > 0 else "bottom center"
    return "middle right" if x >= 0 else "middle left"


def quotes_bar(counts: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
    title = "Quotes per speaker, by source"
    if counts.empty:
        return empty_figure(title, "No quotes match the current filters.")
    order = list(dict.fromkeys(counts["speaker"]))
    fig = px.bar(counts, x="quotes", y="speaker", color="source", orientation="h",
                 color_discrete_map=dict(colours), category_orders={"speaker": order},
                 custom_data=["speaker", "source"])
    fig.update_layout(title=title, xaxis_title="Quotes", yaxis_title="Speaker", barmode="stack",
                      height=_height(len(order)), **LAYOUT)
    return fig


def articles_bar(per_source: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
    title = "Articles per source"
    if per_source.empty:
        return empty_figure(title, "No articles match the current filters.")
    fig = px.bar(per_source, x="articles", y="source", color="source", orientation="h",
                 color_discrete_map=dict(colours), hover_data={"words": True}, custom_data=["source"])
    fig.update_layout(title=title, xaxis_title="Articles", yaxis_title="Source", showlegend=False,
                      height=_height(len(per_source), 40), margin=LAYOUT["margin"])
    fig.update_xaxes(dtick=1 if per_source["articles"].max() <= 10 else None)
    return fig


def sentiment_heatmap(summary: pd.DataFrame) -> go.Figure:
    """Source x actor: mean score as colour, n in each cell; thin cells drawn grey with their n."""
    title = "Mean sentiment toward each actor, by source (n = scored mentions; grey = too few)"
    if summary.empty:
        return empty_figure(title, "No scored mentions match the current filters.")
    actors = list(summary.groupby("actor")["n"].sum().sort_values(ascending=False).index)
    sources = sorted(summary["source"].unique())
    grid = summary.pivot(index="source", columns="actor", values="mean").reindex(index=sources, columns=actors)
    n = summary.pivot(index="source", columns="actor", values="n").reindex(index=sources, columns=actors)
    thin = summary.pivot(index="source", columns="actor", values="thin").reindex(index=sources, columns=actors)
    thin = thin.astype("boolean").fillna(True).to_numpy(dtype=bool)
    solid = grid.where(~thin)
    text = [[("" if pd.isna(v) else f"n={int(v)}") for v in row] for row in n.to_numpy()]
    fig = go.Figure()
    fig.add_trace(go.Heatmap(z=np.where(thin & n.notna().to_numpy(), 0.0, np.nan), x=actors, y=sources,
                             colorscale=[[0, THIN_COLOUR], [1, THIN_COLOUR]], showscale=False, hoverinfo="skip"))
    fig.add_trace(go.Heatmap(
        z=solid.to_numpy(), x=actors, y=sources, zmin=-1, zmax=1, colorscale="RdBu", zmid=0,
        colorbar={"title": "Mean score"}, text=text, texttemplate="%{text}",
        hovertemplate="%{y} on %{x}<br>mean %{z:.2f}<br>%{text}<extra></extra>",
    ))
    grey = [(i, j) for i in range(len(sources)) for j in range(len(actors)) if thin[i, j] and text[i][j]]
    fig.add_trace(go.Scatter(
        x=[actors[j] for _, j in grey], y=[sources[i] for i, _ in grey], text=[text[i][j] for i, j in grey],
        mode="text", textfont={"color": "#666"}, hoverinfo="text", showlegend=False,
    ))
    fig.update_layout(title=title, xaxis_title="Actor", yaxis_title="Source", height=_height(len(sources), 50),
                      margin={"l": 10, "r": 10, "t": 60, "b": 120})
    fig.update_xaxes(tickangle=-35)
    return fig


def _interval_bars(sub: pd.DataFrame, colours: Mapping[str, str], title: str, x_title: str,
                   x_range: list[float]) -> go.Figure:
    """One bar per source from the group means, with each mean's 95% interval and n; thin groups grey."""
    fig = go.Figure(go.Bar(
        x=sub["mean"], y=sub["source"], orientation="h",
        marker={"color": [THIN_COLOUR if t else colours.get(s, "#4C78A8") for s, t in zip(sub["source"], sub["thin"],
                                                                                     strict=True)]},
        error_x={"type": "data", "symmetric": False, "array": (sub["ci_high"] - sub["mean"]).to_numpy(),
                 "arrayminus": (sub["mean"] - sub["ci_low"]).to_numpy()},
        text=[f"n={n}" for n in sub["n"]], textposition="outside",
        customdata=sub[["source"]].to_numpy(),
        hovertemplate="%{y}: mean %{x:.2f}, %{text}<extra></extra>",
    ))
    fig.update_layout(title=title, xaxis_title=x_title, yaxis_title="Source", xaxis_range=x_range,
                      height=_height(len(sub), 45), margin=LAYOUT["margin"])
    return fig


def sentiment_diverging(summary: pd.DataFrame, actor: str, colours: Mapping[str, str]) -> go.Figure:
    """One actor across sources: mean score as a bar from zero, with its bootstrap interval."""
    title = f"Sentiment toward {actor} by source (95% bootstrap interval)"
    sub = summary[summary["actor"] == actor].sort_values("mean")
    if sub.empty:
        return empty_figure(title, f"No scored mentions of {actor} under the current filters.")
    fig = _interval_bars(sub, colours, title, "Mean sentiment score (-1 negative .. 1 positive)", [-1.05, 1.05])
    fig.add_vline(x=0, line_width=1, line_color="#888")
    return fig
def subjectivity_bars(summary: pd.DataFrame, actor: str, colours: Mapping[str, str]) -> go.Figure:
    """How opinionated each source's sentences about one actor are: mean subjectivity with its interval."""
    title = f"How opinionated the sentences about {actor} are, by source (TextBlob subjectivity, 95% interval)"
    sub = summary[summary["actor"] == actor].sort_values("mean")
    if sub.empty:
        return empty_figure(title, f"No mentions of {actor} under the current filters.")
    return _interval_bars(sub, colours, title, "Mean subjectivity (0 factual .. 1 opinion)", [0, 1.05])
