"""Aggregates -> Plotly figures. Every figure has a title and axis titles; outlets keep one colour everywhere.

Per-outlet figures take a `Palette` (see palette.py): the largest outlets or groups keep their colour, the
rest are drawn as one grey 'other' series, so a legend never lists more than COLOUR_LIMIT + 1 entries.
The `source` column may hold outlets or outlet groups; `noun` says which, for titles and legends.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from analysis.views.palette import Palette, fold_other, short_name, short_names

THIN_COLOUR = "#d9d9d9"
MARGIN = {"l": 10, "r": 10, "t": 60, "b": 10}
MAX_HEATMAP_ROWS = 40
SMALL_MULTIPLES = 12
TALL = 15
"""Rows past which a heatmap puts its column names on top."""


def _legend(noun: str) -> dict:
    return {"title": {"text": noun}, "itemsizing": "constant"}


def _heatmap_layout(fig: go.Figure, title: str, x_title: str, noun: str, n_rows: int) -> None:
    """Rows top-down, largest first; past TALL rows the rows get thinner and the column names move on top
    (so they stay in view), with room above for them, else below."""
    tall = n_rows > TALL
    margin = {"l": 10, "r": 10, "t": 170, "b": 20} if tall else {"l": 10, "r": 10, "t": 70, "b": 120}
    fig.update_layout(title=title, xaxis_title=x_title, yaxis_title=noun, height=_height(n_rows, 26 if tall else 50),
                      margin=margin)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-35, side="top" if tall else "bottom", title_text="" if tall else None)


def _left_out(shown: int, hidden: int, noun: str, ranked_by: str) -> str:
    """A subtitle saying how many rows a chart left out, or nothing when it shows them all."""
    if not hidden:
        return ""
    return f"<br><sub>the {shown} {noun.lower()}s with most {ranked_by}; {hidden} more not shown</sub>"


def _height(n_rows: int, per_row: int = 28, base: int = 160) -> int:
    return max(320, base + per_row * n_rows)


def _stacked(counts: pd.DataFrame, palette: Palette, value: str, key: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Counts with the uncoloured series folded into one, and the colour of each (short) legend entry."""
    folded = fold_other(counts, palette, "source", [value], keys=[key])
    shorts = short_names(folded["legend"].unique())
    folded["legend"] = folded["legend"].map(shorts)
    colour = {shorts[name]: palette.colour(name) for name in shorts}
    order = [shorts[n] for n in [*palette.colours, palette.other] if n in shorts]
    folded["_o"] = folded["legend"].map({n: i for i, n in enumerate(order)})
    return folded.sort_values("_o", kind="stable").drop(columns="_o"), colour


def empty_figure(title: str, why: str) -> go.Figure:
    """A titled figure that says what is empty and why, instead of an empty plot."""
    fig = go.Figure()
    fig.add_annotation(text=why, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 14})
    fig.update_layout(title=title, xaxis={"visible": False}, yaxis={"visible": False}, height=260)
    return fig


def actor_mentions_bar(counts: pd.DataFrame, palette: Palette, noun: str = "Outlet") -> go.Figure:
    """Horizontal stacked bars: named mentions per actor, split by outlet (or group), small ones folded."""
    title = f"Named mentions per actor, by {noun.lower()}"
    if counts.empty:
        return empty_figure(title, "No actor mentions match the current filters.")
    order = list(dict.fromkeys(counts["actor"]))
    folded, colour = _stacked(counts, palette, "mentions", "actor")
    fig = px.bar(
        folded, x="mentions", y="actor", color="legend", orientation="h", color_discrete_map=colour,
        category_orders={"actor": order}, custom_data=["actor", "source", "members"],
    )
    fig.update_traces(hovertemplate="%{customdata[0]}<br>%{customdata[2]}: %{x} mentions<extra></extra>")
    fig.update_layout(title=title, xaxis_title="Named mentions", yaxis_title="Actor", barmode="stack",
                      height=_height(len(order)), margin=MARGIN, legend=_legend(noun))
    return fig


def _rows_by_volume(frame: pd.DataFrame, value: str, limit: int) -> tuple[list[str], int]:
    """The `limit` largest series by `value`, and how many were left out."""
    ranked = frame.groupby("source", observed=True)[value].sum().sort_values(ascending=False, kind="stable")
    return [str(s) for s in ranked.index[:limit]], max(len(ranked) - limit, 0)


def share_of_voice_heatmap(shares: pd.DataFrame, noun: str = "Outlet",
                           max_rows: int = MAX_HEATMAP_ROWS) -> go.Figure:
    """Outlet (or group) x actor: each top actor's share of all actor mentions in that row, as a percentage."""
    title = f"Share of voice: each actor's share of the actor mentions in each {noun.lower()}"
    if shares.empty:
        return empty_figure(title, "No actor mentions match the current filters.")
    actors = list(shares.groupby("actor", observed=True)["mentions"].sum().sort_values(ascending=False).index)
    sources, hidden = _rows_by_volume(shares, "mentions", max_rows)
    shares = shares.assign(source=shares["source"].astype(str))
    shares = shares[shares["source"].isin(sources)]
    grid = shares.pivot(index="source", columns="actor", values="share").reindex(index=sources, columns=actors)
    counts = shares.pivot(index="source", columns="actor", values="mentions").reindex(index=sources, columns=actors)
    text = [[("" if pd.isna(v) else f"{v:.0%}") for v in row] for row in grid.to_numpy()]
    n = counts.to_numpy()
    custom = [[[a, s, "" if pd.isna(n[i][j]) else int(n[i][j])] for j, a in enumerate(actors)]
              for i, s in enumerate(sources)]
    labels = short_names(sources)
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=actors, y=[labels[s] for s in sources], colorscale="Blues", zmin=0, text=text,
        texttemplate="%{text}" if len(sources) * len(actors) <= 400 else "", customdata=custom,
        colorbar={"title": "Share", "tickformat": ".0%"},
        hovertemplate="%{customdata[1]}: %{x}, %{z:.1%} of its actor mentions (%{customdata[2]})<extra></extra>",
    ))
    title += _left_out(len(sources), hidden, noun, "mentions")
    _heatmap_layout(fig, title, "Actor", noun, len(sources))
    return fig


def actor_small_multiples(shares: pd.DataFrame, noun: str = "Outlet", panels: int = SMALL_MULTIPLES) -> go.Figure:
    """One small bar chart per outlet (or group), the largest first: each actor's share of its mentions."""
    title = f"Share of voice, one panel per {noun.lower()}"
    if shares.empty:
        return empty_figure(title, "No actor mentions match the current filters.")
    sources, hidden = _rows_by_volume(shares, "mentions", panels)
    actors = list(shares.groupby("actor", observed=True)["mentions"].sum().sort_values(ascending=False).index)
    part = shares.assign(source=shares["source"].astype(str), actor=shares["actor"].astype(str))
    part = part[part["source"].isin(sources)]
    labels = short_names(sources, 28)
    part["panel"] = part["source"].map(labels)
    cols = 4 if len(sources) > 6 else 3
    fig = px.bar(part, x="share", y="actor", facet_col="panel", facet_col_wrap=cols, orientation="h",
                 category_orders={"panel": [labels[s] for s in sources], "actor": actors},
                 custom_data=["actor", "source", "mentions"], facet_col_spacing=0.04, facet_row_spacing=0.06)
    fig.update_traces(marker_color="#4C78A8",
                      hovertemplate="%{customdata[1]}<br>%{customdata[0]}: %{x:.0%} (%{customdata[2]})<extra></extra>")
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))
    rows = math.ceil(len(sources) / cols)
    title += _left_out(len(sources), hidden, noun, "mentions")
    fig.update_layout(title=title, height=max(360, 90 + rows * (22 * len(actors) + 40)),
                      margin={"l": 10, "r": 10, "t": 80, "b": 10}, showlegend=False)
    fig.update_xaxes(tickformat=".0%", title_text="", matches="x")
    fig.update_yaxes(title_text="")
    return fig


def quotes_heatmap(counts: pd.DataFrame, noun: str = "Outlet", max_rows: int = MAX_HEATMAP_ROWS) -> go.Figure:
    """Speaker x outlet (or group): how many of each speaker's quotes each one carries."""
    title = f"Quotes per speaker and {noun.lower()}"
    if counts.empty:
        return empty_figure(title, "No quotes match the current filters.")
    speakers = list(dict.fromkeys(counts["speaker"].astype(str)))
    sources, hidden = _rows_by_volume(counts, "quotes", max_rows)
    part = counts.assign(source=counts["source"].astype(str), speaker=counts["speaker"].astype(str))
    grid = part.pivot_table(index="source", columns="speaker", values="quotes", aggfunc="sum").reindex(
        index=sources, columns=speakers)
    labels = short_names(sources)
    custom = [[[sp, s] for sp in speakers] for s in sources]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=speakers, y=[labels[s] for s in sources], colorscale="Blues", zmin=0,
        customdata=custom, colorbar={"title": "Quotes"},
        hovertemplate="%{customdata[1]}: %{z} quotes by %{x}<extra></extra>",
    ))
    title += _left_out(len(sources), hidden, noun, "quotes")
    _heatmap_layout(fig, title, "Speaker", noun, len(sources))
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
                      margin=MARGIN)
    return fig


def _label_side(angle: float) -> str:
    """Put a node's label outside the circle, so labels never sit on the edges or other nodes."""
    x, y = math.cos(angle), math.sin(angle)
    if abs(y) > 0.8:
        return "top center" if y > 0 else "bottom center"
    return "middle right" if x >= 0 else "middle left"


def quotes_bar(counts: pd.DataFrame, palette: Palette, noun: str = "Outlet") -> go.Figure:
    title = f"Quotes per speaker, by {noun.lower()}"
    if counts.empty:
        return empty_figure(title, "No quotes match the current filters.")
    order = list(dict.fromkeys(counts["speaker"]))
    folded, colour = _stacked(counts, palette, "quotes", "speaker")
    fig = px.bar(folded, x="quotes", y="speaker", color="legend", orientation="h",
                 color_discrete_map=colour, category_orders={"speaker": order},
                 custom_data=["speaker", "source", "members"])
    fig.update_traces(hovertemplate="%{customdata[0]}<br>%{customdata[2]}: %{x} quotes<extra></extra>")
    fig.update_layout(title=title, xaxis_title="Quotes", yaxis_title="Speaker", barmode="stack",
                      height=_height(len(order)), margin=MARGIN, legend=_legend(noun))
    return fig


def articles_bar(per_source: pd.DataFrame, palette: Palette, noun: str = "Outlet", max_rows: int = 25) -> go.Figure:
    """Articles per outlet (or group), the largest `max_rows`, coloured like every other chart."""
    title = f"Articles per {noun.lower()}"
    if per_source.empty:
        return empty_figure(title, "No articles match the current filters.")
    shown = per_source.head(max_rows).copy()
    hidden = len(per_source) - len(shown)
    shown["source"] = shown["source"].astype(str)
    shown["label"] = shown["source"].map(short_names(shown["source"], 28))
    fig = go.Figure(go.Bar(
        x=shown["articles"], y=shown["label"], orientation="h",
        marker={"color": [palette.colour(s) for s in shown["source"]]},
        customdata=shown[["source", "words"]].to_numpy(),
        hovertemplate="%{customdata[0]}: %{x} articles, %{customdata[1]} words<extra></extra>",
    ))
    if hidden:
        title += f"<br><sub>the {len(shown)} largest; {hidden} more {noun.lower()}s not shown</sub>"
    fig.update_layout(title=title, xaxis_title="Articles", yaxis_title=noun, showlegend=False,
                      height=_height(len(shown), 28 if len(shown) > 12 else 40), margin=MARGIN)
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(dtick=1 if per_source["articles"].max() <= 10 else None)
    return fig


def sentiment_heatmap(summary: pd.DataFrame, noun: str = "Outlet", max_rows: int = MAX_HEATMAP_ROWS) -> go.Figure:
    """Outlet (or group) x actor: mean score as colour, n in each cell; thin cells drawn grey with their n."""
    title = f"Mean sentiment toward each actor, by {noun.lower()} (n = scored mentions; grey = too few)"
    if summary.empty:
        return empty_figure(title, "No scored mentions match the current filters.")
    actors = list(summary.groupby("actor")["n"].sum().sort_values(ascending=False).index)
    sources, hidden = _rows_by_volume(summary, "n", max_rows)
    summary = summary.assign(source=summary["source"].astype(str))
    summary = summary[summary["source"].isin(sources)]
    grid = summary.pivot(index="source", columns="actor", values="mean").reindex(index=sources, columns=actors)
    n = summary.pivot(index="source", columns="actor", values="n").reindex(index=sources, columns=actors)
    thin = summary.pivot(index="source", columns="actor", values="thin").reindex(index=sources, columns=actors)
    thin = thin.astype("boolean").fillna(True).to_numpy(dtype=bool)
    solid = grid.where(~thin)
    text = [[("" if pd.isna(v) else f"n={int(v)}") for v in row] for row in n.to_numpy()]
    labels = short_names(sources)
    rows = [labels[s] for s in sources]
    custom = [[s] * len(actors) for s in sources]
    fig = go.Figure()
    fig.add_trace(go.Heatmap(z=np.where(thin & n.notna().to_numpy(), 0.0, np.nan), x=actors, y=rows,
                             colorscale=[[0, THIN_COLOUR], [1, THIN_COLOUR]], showscale=False, hoverinfo="skip"))
    fig.add_trace(go.Heatmap(
        z=solid.to_numpy(), x=actors, y=rows, zmin=-1, zmax=1, colorscale="RdBu", zmid=0,
        colorbar={"title": "Mean score"}, text=text, texttemplate="%{text}" if len(rows) <= 30 else "",
        customdata=custom, hovertemplate="%{customdata} on %{x}<br>mean %{z:.2f}<br>%{text}<extra></extra>",
    ))
    grey = [(i, j) for i in range(len(sources)) for j in range(len(actors)) if thin[i, j] and text[i][j]]
    if len(rows) <= 30:
        fig.add_trace(go.Scatter(
            x=[actors[j] for _, j in grey], y=[rows[i] for i, _ in grey], text=[text[i][j] for i, j in grey],
            mode="text", textfont={"color": "#666"}, hoverinfo="text", showlegend=False,
        ))
    title += _left_out(len(sources), hidden, noun, "scored mentions")
    _heatmap_layout(fig, title, "Actor", noun, len(sources))
    return fig


def _interval_dots(sub: pd.DataFrame, palette: Palette, title: str, x_title: str, x_range: list[float],
                   noun: str) -> go.Figure:
    """One dot per outlet (or group) with its 95% interval and n, sorted by n so solid rows come first;
    thin rows grey. With many rows only the largest are drawn and the title says how many are left out."""
    sub = sub.sort_values(["n", "source"], ascending=[False, True], kind="stable")
    hidden = max(len(sub) - MAX_HEATMAP_ROWS, 0)
    sub = sub.head(MAX_HEATMAP_ROWS)
    names = sub["source"].astype(str)
    labels = short_names(names, 28)
    fig = go.Figure(go.Scatter(
        x=sub["mean"], y=[f"{labels[s]} (n={n})" for s, n in zip(names, sub["n"], strict=True)], mode="markers",
        marker={"size": 11, "color": [THIN_COLOUR if t else palette.colour(s)
                                      for s, t in zip(names, sub["thin"], strict=True)],
                "line": {"width": 1, "color": "#555"}},
        error_x={"type": "data", "symmetric": False, "array": (sub["ci_high"] - sub["mean"]).to_numpy(),
                 "arrayminus": (sub["mean"] - sub["ci_low"]).to_numpy(), "color": "#777"},
        customdata=np.column_stack([names, sub["n"]]),
        hovertemplate="%{customdata[0]}: mean %{x:.2f}, n=%{customdata[1]}<extra></extra>",
    ))
    title += _left_out(len(sub), hidden, noun, "mentions")
    fig.update_layout(title=title, xaxis_title=x_title, yaxis_title=f"{noun} (sorted by n)", xaxis_range=x_range,
                      height=_height(len(sub), 30), margin=MARGIN)
    fig.update_yaxes(autorange="reversed")
    return fig


def sentiment_dots(summary: pd.DataFrame, actor: str, palette: Palette, noun: str = "Outlet") -> go.Figure:
    """One actor across outlets or groups: mean score and its bootstrap interval, sorted by n."""
    title = f"Sentiment toward {actor} by {noun.lower()} (95% bootstrap interval)"
    sub = summary[summary["actor"] == actor]
    if sub.empty:
        return empty_figure(title, f"No scored mentions of {actor} under the current filters.")
    fig = _interval_dots(sub, palette, title, "Mean sentiment score (-1 negative .. 1 positive)", [-1.05, 1.05],
                         noun)
    fig.add_vline(x=0, line_width=1, line_color="#888")
    return fig


def subjectivity_dots(summary: pd.DataFrame, actor: str, palette: Palette, noun: str = "Outlet") -> go.Figure:
    """How opinionated each outlet's (or group's) sentences about one actor are, with the interval."""
    title = f"How opinionated the sentences about {actor} are, by {noun.lower()} (TextBlob subjectivity, 95% interval)"
    sub = summary[summary["actor"] == actor]
    if sub.empty:
        return empty_figure(title, f"No mentions of {actor} under the current filters.")
    return _interval_dots(sub, palette, title, "Mean subjectivity (0 factual .. 1 opinion)", [0, 1.05], noun)


def attention_lines(series: pd.DataFrame, palette: Palette, what: str, noun: str = "Outlet",
                    period: str = "day") -> go.Figure:
    """Coverage over time: one line per coloured outlet (or group), the rest summed into 'other'."""
    title = f"{what} per {period}, by {noun.lower()}"
    if series.empty:
        return empty_figure(title, "No dated articles match the current filters.")
    folded = fold_other(series, palette, "source", ["value"], keys=["day"])
    fig = go.Figure()
    for name in [*palette.colours, palette.other]:
        part = folded[folded["legend"] == name].sort_values("day")
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["day"], y=part["value"], mode="lines+markers", name=short_name(name),
            line={"color": palette.colour(name), "width": 2},
            marker={"size": 6}, customdata=np.column_stack([part["day"].dt.strftime("%Y-%m-%d"), part["source"],
                                                            part["members"]]),
            hovertemplate="%{customdata[2]}<br>%{customdata[0]}: %{y}<extra></extra>",
        ))
    days = series["day"].drop_duplicates()
    if len(days) < 3:
        fig.update_xaxes(range=[days.min() - pd.Timedelta(days=3), days.max() + pd.Timedelta(days=3)])
    fig.update_xaxes(tickformat="%b %d<br>%Y")
    fig.update_yaxes(rangemode="tozero")
    fig.update_layout(title=title, xaxis_title=period.capitalize() if period == "day" else "Week starting",
                      yaxis_title=what, height=440, margin=MARGIN,
                      legend=_legend(noun), hovermode="closest")
    return fig
