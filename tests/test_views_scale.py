"""Views that stay readable with many outlets: colours, groups, the map's frame, coverage over time.

The AppTests open a generated corpus of 400 dated articles from 40 outlets in 5 groups (see conftest).
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.views import charts, queries
from analysis.views.map_figure import place_map, view_box
from analysis.views.palette import COLOUR_LIMIT, NO_GROUP, OTHER_COLOUR, fold_other, palette_for, short_names
from tests.conftest import SCALE_ARTICLES, SCALE_GROUPS, SCALE_OUTLETS

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ("app.py", "pages/1_Actors.py", "pages/2_Quotes.py", "pages/3_Sentiment.py", "pages/4_Map.py",
         "pages/6_Timeline.py", "pages/5_Corpus.py")


def _outlets(n: int) -> pd.Series:
    return pd.Series({f"Outlet number {i} of a very long name": 100 - i for i in range(n)})


def test_only_the_largest_outlets_get_a_colour_and_the_rest_share_one() -> None:
    palette = palette_for(_outlets(40))
    assert len(palette.colours) == COLOUR_LIMIT
    assert "Outlet number 0 of a very long name" in palette.colours
    assert palette.colour("Outlet number 39 of a very long name") == OTHER_COLOUR
    assert palette.legend("Outlet number 39 of a very long name") == "Other outlets"


def test_an_outlet_the_analyst_picks_keeps_a_colour_even_when_small() -> None:
    palette = palette_for(_outlets(40), chosen=["Outlet number 39 of a very long name"])
    assert "Outlet number 39 of a very long name" in palette.colours
    assert len(palette.colours) == COLOUR_LIMIT


def test_long_names_are_shortened_and_stay_distinct() -> None:
    names = ["International Broadcasting Service of the North", "International Broadcasting Service of the South",
             "BBC"]
    short = short_names(names)
    assert short["BBC"] == "BBC"
    assert len(set(short.values())) == 3
    assert all(len(s) <= 24 for s in short.values())


def test_folding_keeps_every_count() -> None:
    counts = pd.DataFrame({"actor": ["A"] * 40, "source": list(_outlets(40).index), "mentions": range(1, 41)})
    folded = fold_other(counts, palette_for(_outlets(40)), "source", ["mentions"], keys=["actor"])
    assert folded["mentions"].sum() == counts["mentions"].sum()
    assert folded["legend"].nunique() == COLOUR_LIMIT + 1
    other = folded[folded["legend"] == "Other outlets"].iloc[0]
    assert other["members"] == "32 smaller outlets"


def test_a_stacked_bar_of_forty_outlets_has_a_short_legend_and_full_names_in_the_hover() -> None:
    outlets = list(_outlets(40).index)
    counts = pd.DataFrame({"actor": ["A", "B"] * 40, "actor_type": "PERSON",
                           "source": [o for o in outlets for _ in range(2)], "mentions": 3})
    fig = charts.actor_mentions_bar(counts, palette_for(_outlets(40)))
    legend = {t.name for t in fig.data}
    assert len(legend) <= COLOUR_LIMIT + 1
    assert all(len(name) <= 24 for name in legend)
    hover_names = {row[2] for t in fig.data for row in t.customdata}
    assert outlets[0] in hover_names


def test_outlet_groups_come_from_the_corpus_and_edits_override_them() -> None:
    articles = pd.DataFrame({"article_id": ["1", "2", "3", "4"], "source": ["A", "A", "B", "C"],
                             "group": ["wire", "wire", "", "tv"]})
    assert queries.outlet_groups(articles) == {"A": "wire", "C": "tv"}
    assert queries.outlet_groups(articles, {"B": "tv", "C": ""}) == {"A": "wire", "B": "tv"}


def test_counting_by_group_replaces_outlets_by_their_group() -> None:
    mentions = pd.DataFrame({"source": pd.Categorical(["A", "A", "B", "C"]), "actor": ["x", "y", "x", "x"]})
    grouped = queries.as_groups(mentions, {"A": "wire", "B": "wire"})
    assert list(grouped["source"].astype(str)) == ["wire", "wire", "wire", NO_GROUP]
    assert list(mentions["source"].astype(str)) == ["A", "A", "B", "C"]


def test_the_group_filter_keeps_only_that_groups_outlets(seed_tables) -> None:
    sources = sorted(seed_tables["articles"]["source"].unique())
    group_of = {sources[0]: "camp"}
    view = queries.filtered(seed_tables, queries.Filters(groups=("camp",), group_of=tuple(group_of.items())))
    assert set(view["articles"]["source"].astype(str)) == {sources[0]}
    assert set(view["mentions"]["source"].astype(str)) == {sources[0]}
    rest = queries.filtered(seed_tables, queries.Filters(groups=(NO_GROUP,), group_of=tuple(group_of.items())))
    assert sources[0] not in set(rest["articles"]["source"].astype(str))


def _places(rows: list[tuple]) -> pd.DataFrame:
    cols = ["place_id", "name", "lat", "lon", "country_code", "feature", "min_lat", "min_lon", "max_lat", "max_lon",
            "mentions", "sources"]
    return pd.DataFrame([(*r, 1, 1) for r in rows], columns=cols)


NAN = float("nan")
UKRAINE = _places([
    ("1", "Kharkiv", 49.98, 36.25, "UA", "city", NAN, NAN, NAN, NAN),
    ("2", "Odesa", 46.48, 30.74, "UA", "city", NAN, NAN, NAN, NAN),
    ("3", "Kursk Oblast", 51.7, 36.3, "RU", "region", 51.06, 34.29, 52.34, 38.18),
    ("4", "Russia", 60.0, 100.0, "RU", "country", 41.2, 19.6, 81.8, -169.7),
])


def test_the_map_frames_regional_places_and_not_the_world() -> None:
    box = view_box(UKRAINE)
    assert not box.world
    for row in UKRAINE.itertuples():
        if row.name != "Russia":
            assert box.contains(row.lat, row.lon), row.name
    assert box.max_lon - box.min_lon < 60 and box.max_lat - box.min_lat < 40
    assert not box.contains(60.0, 100.0), "Russia's centre in Siberia must not stretch a story told near Kursk"


def test_the_map_shows_the_world_when_places_span_it() -> None:
    spread = _places([("1", "Kyiv", 50.45, 30.52, "UA", "city", NAN, NAN, NAN, NAN),
                      ("2", "Sydney", -33.87, 151.2, "AU", "city", NAN, NAN, NAN, NAN),
                      ("3", "Lima", -12.05, -77.04, "PE", "city", NAN, NAN, NAN, NAN)])
    assert view_box(spread).world


def test_countries_are_shaded_and_regions_filled_inside_their_box() -> None:
    fig = place_map(UKRAINE)
    kinds = {t.type for t in fig.data}
    assert "choropleth" in kinds
    shaded = next(t for t in fig.data if t.type == "choropleth")
    assert list(shaded.locations) == ["RUS"]
    box = next(t for t in fig.data if t.type == "scattergeo" and t.fill == "toself")
    lon, lat = list(box.lon), list(box.lat)
    signed = sum(lon[i] * lat[i + 1] - lon[i + 1] * lat[i] for i in range(len(lon) - 1))
    assert signed < 0, "a counter-clockwise ring fills the whole globe outside the region"
    markers = next(t for t in fig.data if t.name == "Cities and places")
    assert sorted(markers.customdata[:, 0]) == ["1", "2"]


def test_attention_counts_articles_per_day_with_quiet_days_as_zero() -> None:
    articles = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "source": ["X", "X", "Y", "Y"],
                             "published": ["2025-03-01", "2025-03-01", "2025-03-03", None]})
    out = queries.attention(articles)
    got = {(d.strftime("%m-%d"), s): v for d, s, v in out.itertuples(index=False)}
    assert got[("03-01", "X")] == 2 and got[("03-02", "X")] == 0 and got[("03-03", "Y")] == 1
    assert sum(got.values()) == 3
    mentions = pd.DataFrame({"article_id": ["a", "a", "c"], "source": ["X", "X", "Y"]})
    by_mentions = queries.attention(articles, mentions)
    assert by_mentions["value"].sum() == 3
    assert list(queries.articles_on(articles, "2025-03-01", ["X"])) == ["a", "b"]


# The dashboard on the generated corpus.

@pytest.fixture(params=["memory", "store"])
def scale_app(request, monkeypatch):
    """The dashboard on the generated corpus, with its tables in memory, or read out of core from the
    partitioned store (the path a corpus above OUT_OF_CORE_FROM articles takes)."""
    if request.param == "memory":
        monkeypatch.setenv("NEWS_DASHBOARD_STORE", str(request.getfixturevalue("scale_store")))
    else:
        monkeypatch.setenv("NEWS_DASHBOARD_STORE", str(request.getfixturevalue("scale_parts_store")))
        monkeypatch.setenv("NEWS_DASHBOARD_VIEWS", "store")
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=120)
    yield app
    st.cache_resource.clear()


def _values(v) -> list:
    """A trace array as a list, unpacking Plotly's base64 typed arrays."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def _specs(at: AppTest) -> list[dict]:
    """Each chart's figure as plain lists (Plotly sends arrays packed; the figure object unpacks them)."""
    return [pio.from_json(c.proto.spec).to_plotly_json() for c in at.get("plotly_chart")]


def _legend_entries(spec: dict) -> set[str]:
    return {d["name"] for d in spec["data"]
            if d.get("name") and d.get("showlegend", True) is not False and d.get("type") != "choropleth"
            and not d.get("xaxis")}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_forty_outlets_with_short_legends(scale_app: AppTest, page: str) -> None:
    at = scale_app
    at.run()
    if page != "app.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    for spec in _specs(at):
        assert len(_legend_entries(spec)) <= COLOUR_LIMIT + 1, (page, _legend_entries(spec))


def test_overview_counts_the_generated_corpus(scale_app: AppTest) -> None:
    scale_app.run()
    metrics = {m.label: m.value for m in scale_app.metric}
    assert metrics["Articles"] == str(SCALE_ARTICLES)
    assert metrics["Outlets"] == str(SCALE_OUTLETS)
    assert metrics["Outlet groups"] == str(SCALE_GROUPS)


def test_actors_open_on_a_heatmap_when_outlets_outnumber_colours(scale_app: AppTest) -> None:
    at = scale_app
    at.run()
    at.switch_page("pages/1_Actors.py").run()
    first = _specs(at)[0]
    assert first["data"][0]["type"] == "heatmap"
    assert len(first["data"][0]["y"]) == SCALE_OUTLETS


def test_comparing_by_group_draws_one_row_per_group(scale_app: AppTest) -> None:
    at = scale_app
    at.run()
    at.switch_page("pages/3_Sentiment.py").run()
    at.session_state["by"] = "Outlet group"
    at.run()
    heat = _specs(at)[0]
    rows = {y for d in heat["data"] if d["type"] == "heatmap" for y in d["y"]}
    assert len(rows) == SCALE_GROUPS


def test_the_group_filter_narrows_every_page(scale_app: AppTest) -> None:
    at = scale_app
    at.query_params["group"] = ["Wire services"]
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Outlets"] == str(SCALE_OUTLETS // SCALE_GROUPS)
    assert int(metrics["Articles"]) < SCALE_ARTICLES


def test_the_map_frame_contains_every_marker(scale_app: AppTest) -> None:
    at = scale_app
    at.query_params["actor"] = ["Oleksandr Syrsky"]
    at.run()
    at.switch_page("pages/4_Map.py").run()
    spec = _specs(at)[0]
    lat_range = spec["layout"]["geo"]["lataxis"]["range"]
    lon_range = spec["layout"]["geo"]["lonaxis"]["range"]
    assert lon_range[1] - lon_range[0] < 360, "regional places must not show the whole world"
    points = [(la, lo) for d in spec["data"] if d["type"] == "scattergeo" and d.get("mode") == "markers"
              for la, lo in zip(_values(d["lat"]), _values(d["lon"]), strict=True) if la is not None]
    assert points
    for la, lo in points:
        assert lat_range[0] <= la <= lat_range[1] and lon_range[0] <= lo <= lon_range[1]


def test_the_timeline_draws_dated_coverage(scale_app: AppTest) -> None:
    at = scale_app
    at.run()
    at.switch_page("pages/6_Timeline.py").run()
    spec = _specs(at)[0]
    total = sum(sum(_values(d["y"])) for d in spec["data"])
    assert total == SCALE_ARTICLES


def test_a_group_edit_on_the_corpus_page_becomes_a_filter_choice(scale_app: AppTest) -> None:
    at = scale_app
    at.run()
    at.switch_page("pages/5_Corpus.py").run()
    assert "Outlet groups" in [t.label for t in at.tabs]
    at.session_state["outlet_group_edits"] = {"Outlet 000 Daily": "My camp"}
    at.run()
    options = at.multiselect(key="group").options
    assert "My camp" in options


@pytest.fixture()
def store_app(scale_parts_store, monkeypatch):
    """The dashboard reading the generated corpus out of core."""
    monkeypatch.setenv("NEWS_DASHBOARD_STORE", str(scale_parts_store))
    monkeypatch.setenv("NEWS_DASHBOARD_VIEWS", "store")
    st.cache_resource.clear()
    app = AppTest.from_file(APP, default_timeout=120)
    yield app
    st.cache_resource.clear()


def test_a_large_store_is_read_out_of_core_and_says_so(store_app: AppTest) -> None:
    store_app.run()
    assert any("read from the store" in c.value for c in store_app.caption)
    metrics = {m.label: m.value for m in store_app.metric}
    assert metrics["Articles"] == str(SCALE_ARTICLES)


def test_out_of_core_pages_show_their_evidence(store_app: AppTest) -> None:
    at = store_app
    at.run()
    at.switch_page("pages/2_Quotes.py").run()
    at.text_input(key="q").input("ceasefire").run()
    label = at.tabs[0].label
    assert label.startswith("Quotes (") and int(label[len("Quotes ("):-1]) > 0
    assert all("ceasefire" in " ".join(map(str, row)).lower()
               for row in at.dataframe[0].value[["text", "speaker", "speaker_text"]].itertuples(index=False))
    at.switch_page("pages/3_Sentiment.py").run()
    assert not at.exception
    sentences = [e for e in at.expander if e.label.split(" (")[0] in ("negative", "neutral", "positive")]
    assert sum(int(e.label.split("(")[1].rstrip(")")) for e in sentences) > 0
    at.switch_page("pages/5_Corpus.py").run()
    assert not at.exception
    assert any("background" in m.value for m in at.markdown), "the reader marks actors, quotes and places"
