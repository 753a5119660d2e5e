"""Every page, run by Streamlit's AppTest on the bundled corpus: no exception and real content."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

TIMEOUT = 120
APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture()
def at() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.run()
    assert not app.exception, app.exception
    return app


def _page(at: AppTest, path: str) -> AppTest:
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_overview_shows_the_corpus(at: AppTest) -> None:
    assert at.title[0].value == "News coverage overview"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5"
    assert metrics["Outlets"] == "4"
    removed = at.dataframe[-1].value
    assert "Related Posts" in set(removed["text"])


def test_actors_page_lists_real_actors(at: AppTest) -> None:
    _page(at, "pages/1_Actors.py")
    assert at.title[0].value == "Actors"
    table = at.dataframe[0].value
    assert {"Vladimir Putin", "Donald Trump"} <= set(table["actor"])
    putin = table[table["actor"] == "Vladimir Putin"].iloc[0]
    assert "Putin" in putin["aliases"]


def test_source_filter_narrows_every_table(at: AppTest) -> None:
    at.multiselect(key="source").set_value(["ABC News"]).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "1"
    assert metrics["Outlets"] == "1"


def test_a_shared_link_opens_the_same_view() -> None:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.query_params["source"] = ["Brussels Reporter"]
    app.run()
    assert not app.exception
    assert app.multiselect(key="source").value == ["Brussels Reporter"]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Articles"] == "2"


def test_quotes_page_attributes_real_quotes(at: AppTest) -> None:
    _page(at, "pages/2_Quotes.py")
    assert at.title[0].value == "Quotes"
    table = at.dataframe[0].value
    joly = table[table["text"].str.contains("unjustifiable trade war", regex=False)]
    assert set(joly["speaker"]) == {"Melanie Joly"}
    at.text_input(key="q").set_value("positive message means nothing").run()
    found = at.dataframe[0].value
    assert len(found) >= 2
    assert set(found["speaker"]) == {"Donald Trump"}


def test_sentiment_page_states_method_and_thin_cells(at: AppTest) -> None:
    _page(at, "pages/3_Sentiment.py")
    assert "macro-F1" in at.info[0].value
    assert any("fewer than 3 scored mentions" in w.value for w in at.warning)
    assert at.selectbox(key="sent-actor").value in set(at.dataframe[0].value["actor"])


def test_map_page_lists_places_and_their_sentences(at: AppTest) -> None:
    _page(at, "pages/4_Map.py")
    places = at.selectbox(key="map-place")
    assert "Sudzha" in places.options
    places.set_value("Sudzha").run()
    assert "Sudzha" in _markdown(at)


def test_corpus_page_reads_an_article_with_its_noise_listed(at: AppTest) -> None:
    _page(at, "pages/5_Corpus.py")
    listing = at.dataframe[0].value
    assert len(listing) == 5
    assert "Brussels Reporter" in set(listing["source"])
    assert "Putin" in _markdown(at)


def test_quotes_page_shows_speaker_kind_and_keeps_a_correction(at: AppTest) -> None:
    _page(at, "pages/2_Quotes.py")
    table = at.dataframe[0].value
    assert set(table["speaker_kind"]) <= {"named", "description", "organisation", "unattributed"}
    joly = table[table["text"].str.contains("unjustifiable trade war", regex=False)].iloc[0]
    at.session_state["speaker_overrides"] = {joly["quote_id"]: "Donald Trump"}
    _page(at, "pages/2_Quotes.py")
    fixed = at.dataframe[0].value.set_index("quote_id").loc[joly["quote_id"]]
    assert fixed["speaker"] == "Donald Trump"
    at.switch_page("app.py").run()
    assert not at.exception


def test_actors_page_opens_on_people_and_organisations(at: AppTest) -> None:
    _page(at, "pages/1_Actors.py")
    assert set(at.multiselect(key="actor-types").value) == {"PERSON", "ORG"}
    table = at.dataframe[0].value
    putin = table[table["actor"] == "Vladimir Putin"].iloc[0]
    assert "Putin: surname" in putin["variants"]
    assert at.toggle(key="actors-nationality").value is False


def test_sentiment_page_offers_the_subjectivity_lens(at: AppTest) -> None:
    _page(at, "pages/3_Sentiment.py")
    assert "TextBlob" in at.info[0].value
    assert [t.label for t in at.tabs][:2] == ["Stance toward the actor", "How opinionated (subjectivity)"]
