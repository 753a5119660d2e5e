"""Many users on one hosted link: each session sees its own uploads, aliases and selections and nobody else's.

Two AppTest instances in one process share st.cache_resource exactly as two browser sessions on one server
do, so what one session puts anywhere shared would show up in the other. Also: each refused upload is shown
by name with its reason while the rest is analysed, user text is escaped wherever it is drawn, and a page
whose data is broken shows a short message, never a traceback.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.paths import DEFAULT_ALIASES, DEFAULT_CACHE, DEFAULT_CORPUS, DEFAULT_STORE
from analysis.views.markup import escape
from tests.archives import make_zip

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 300
PERSON = "Zorvath Quillmane"
ARTICLE = (
    f"{PERSON}, the mayor of Valmora, said on Monday that “the harbour will reopen next week”.\n\n"
    f"Quillmane told reporters in Odesa that the repairs were finished. “We are ready,” {PERSON} said."
)
ALIASES = f"alias,canonical,rule,actor_type\nPutin,{PERSON},merge,PERSON\n"




BAD_FILES = {
    "picture.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    "escape.zip": make_zip({"../../outside.txt": ARTICLE.encode()}),
    "bomb.zip": make_zip({"bomb.txt": b"\0" * 5_000_000}),
    "broken.json": b'{"text": "unterminated',
    "empty.md": b"   \n",
}


def corpus_digest() -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in DEFAULT_CORPUS.iterdir() if p.is_file()
    }


def cache_files() -> dict[Path, int]:
    """Every file of the shared on-disk caches with its modification time."""
    roots = [r for r in (DEFAULT_CACHE, DEFAULT_STORE) if r.exists()]
    return {p: p.stat().st_mtime_ns for root in roots for p in root.rglob("*") if p.is_file()}


def fresh_session() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def on_page(at: AppTest, path: str) -> AppTest:
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, label: str) -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, files: dict[str, bytes]) -> AppTest:
    on_page(at, "pages/5_Corpus.py")
    at.file_uploader(key="upload-files").set_value(
        [(n, d, "application/octet-stream") for n, d in files.items()]
    )
    at.run()
    return click(at, "Analyse uploaded articles")


def visible_text(at: AppTest) -> str:
    """Everything a user could read on the page: text elements, alerts, tables, widget options."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "error",
        "warning",
        "info",
        "success",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    for frame in at.dataframe:
        value = frame.value
        if isinstance(value, pd.DataFrame):
            parts.append(value.to_csv())
    for widget in (*at.multiselect, *at.selectbox):
        parts += [str(o) for o in widget.options]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def two_sessions():
    """Session A uploads an article about an invented person (plus bad files) and filters; B is new."""
    st.cache_resource.clear()
    alias_file = DEFAULT_ALIASES.read_bytes()
    digest = corpus_digest()
    a = fresh_session()
    before = cache_files()
    upload(a, {"quillmane.txt": ARTICLE.encode(), **BAD_FILES})
    after_upload = cache_files()
    a.multiselect(key="source").set_value(sorted(a.multiselect(key="source").options)[:1]).run()
    b = fresh_session()
    return {
        "a": a,
        "b": b,
        "cache_before": before,
        "cache_after_upload": after_upload,
        "alias_file": alias_file,
        "corpus_digest": digest,
    }


def test_session_a_sees_its_upload_and_every_refusal_by_name(two_sessions):
    a = two_sessions["a"]
    tables = a.session_state["uploaded_tables"]
    assert list(tables["articles"]["article_id"]) == ["quillmane"]
    assert PERSON in set(tables["mentions"]["actor"]), tables["mentions"][["text", "actor"]]
    on_page(a, "pages/5_Corpus.py")
    errors = "\n".join(e.value for e in a.error)
    assert [s.value for s in a.success] == ["Analysed 1 article(s) from your uploads."]
    for name in (
        "picture.txt",
        "escape.zip/../../outside.txt",
        "bomb.zip/bomb.txt",
        "broken.json",
        "empty.md",
    ):
        assert f"{escape(name)}: " in errors, (name, errors)
    assert "binary file" in errors and "unsafe path" in errors and "zip bomb" in errors
    assert "not valid JSON" in errors and "empty file" in errors
    assert PERSON in visible_text(on_page(a, "pages/1_Actors.py")), "what B is checked for is visible to A"


def test_uploads_are_never_written_to_the_shared_cache(two_sessions):
    assert two_sessions["cache_after_upload"] == two_sessions["cache_before"]


def test_session_b_never_sees_session_a_upload(two_sessions):
    b = two_sessions["b"]
    assert "uploaded_tables" not in b.session_state
    for page in ("app.py", "pages/1_Actors.py", "pages/2_Quotes.py", "pages/5_Corpus.py"):
        on_page(b, page)
        shown = visible_text(b)
        assert PERSON not in shown and "Quillmane" not in shown, page
    metrics = {m.label: m.value for m in on_page(b, "app.py").metric}
    assert metrics["Articles"] == "5"


def test_session_b_keeps_its_own_selection(two_sessions):
    a, b = two_sessions["a"], two_sessions["b"]
    assert len(a.multiselect(key="source").value) == 1
    assert b.multiselect(key="source").value == []
    assert "source" not in b.query_params


def test_aliases_of_one_session_never_reach_another(two_sessions):
    """A merges 'Putin' into an invented actor on the bundled corpus; B still sees Vladimir Putin."""
    a, b = two_sessions["a"], two_sessions["b"]
    a.session_state["use_uploads"] = False
    a.session_state["session_corpus"] = None
    a.session_state["aliases_text"] = ALIASES
    on_page(a, "pages/5_Corpus.py")
    click(a, "Apply aliases to my session")
    assert PERSON in set(a.session_state["uploaded_tables"]["actors"]["actor"])
    on_page(b, "pages/1_Actors.py")
    actors = set(b.dataframe[0].value["actor"])
    assert "Vladimir Putin" in actors and PERSON not in actors
    assert "aliases_text" not in b.session_state or b.session_state["aliases_text"] is None
    on_page(b, "pages/5_Corpus.py")
    editor = b.data_editor(key="alias-editor").value
    assert PERSON not in editor.to_csv()
    assert DEFAULT_ALIASES.read_bytes() == two_sessions["alias_file"]
    c = fresh_session()
    on_page(c, "pages/1_Actors.py")
    assert PERSON not in set(c.dataframe[0].value["actor"])


def test_bundled_corpus_is_untouched_by_sessions(two_sessions):
    from dashboard.data import bundled_tables

    shared = bundled_tables()
    assert PERSON not in set(shared["actors"]["actor"])
    assert "Vladimir Putin" in set(shared["actors"]["actor"])
    assert len(shared["articles"]) == 5
    assert corpus_digest() == two_sessions["corpus_digest"]


# --- no shared cache takes user content ------------------------------------------------------------------


def cached_functions(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                if isinstance(target, ast.Attribute) and target.attr in ("cache_data", "cache_resource"):
                    found.append(node)
    return found


def test_no_streamlit_cache_takes_user_content_as_an_argument():
    sources = [
        ROOT / "app.py",
        *sorted((ROOT / "pages").glob("*.py")),
        *sorted((ROOT / "dashboard").glob("*.py")),
        *sorted((ROOT / "analysis").rglob("*.py")),
    ]
    cached = [(path.name, fn) for path in sources for fn in cached_functions(path)]
    assert cached, "the bundled corpus is expected to be shared through st.cache_resource"
    for name, fn in cached:
        args = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)]
        if (name, fn.name) in SHARED_BY_DESIGN:
            assert args == SHARED_BY_DESIGN[(name, fn.name)], (name, fn.name, args)
            continue
        assert not args and fn.args.vararg is None and fn.args.kwarg is None, (name, fn.name, args)


# A corpus someone shared is readable by everyone holding its link, by design: its unguessable id is the key.
SHARED_BY_DESIGN = {("sharing.py", "_shared"): ["corpus_id"]}


def test_a_shared_corpus_is_cached_by_its_id_only_after_it_was_shared(seed_tables, tmp_path, monkeypatch):
    """The cache of shared corpora opens only what `save_shared` wrote: an id nobody shared opens nothing."""
    from analysis.store.shared import SHARE_DIR_ENV, save_shared
    from dashboard.sharing import _shared

    monkeypatch.setenv(SHARE_DIR_ENV, str(tmp_path))
    assert _shared("B" * 32) is None
    corpus_id = save_shared({"articles": seed_tables["articles"]}, tmp_path)
    assert _shared(corpus_id) is not None


def test_analysis_package_never_imports_streamlit():
    for path in (ROOT / "analysis").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            assert not any(n.split(".")[0] == "streamlit" for n in names), path.name


def test_uploads_are_analysed_without_the_shared_cache():
    """The upload path must not pass cache_dir: the on-disk cache is shared by every session."""
    tree = ast.parse((ROOT / "pages" / "5_Corpus.py").read_text(encoding="utf-8"))
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "analyse_session_corpus"
    ]
    uploads = [c for c in calls if isinstance(c.args[0], ast.Constant) and c.args[0].value == "uploads"]
    assert uploads
    for call in uploads:
        assert "cache_dir" not in {k.arg for k in call.keywords}


# --- escaping and errors -------------------------------------------------------------------------------


TRICKS = (
    "Ivel Marrow said: “<script>window.pwned=1</script> ![pixel](https://tracker.invalid/p.png) "
    "[click](javascript:alert(1)) $\\frac{1}{0}$ :red[alarm] **bold**”.\n\n"
    "Pellham Ivo of Odesa told reporters “<img src=x onerror=alert(2)> is a $5 claim”."
)


@pytest.fixture(scope="module")
def tricky_session():
    at = fresh_session()
    second = TRICKS.replace("Ivel Marrow said", "Ivel Marrow told reporters")
    upload(
        at,
        {
            "tricks.json": pd.Series({"text": TRICKS, "source": "[Evil](javascript:x) *Outlet*"})
            .to_json()
            .encode(),
            "tricks2.json": pd.Series({"text": second, "source": "<b>Other</b> $x$"}).to_json().encode(),
            "[x](javascript:alert(3)).txt": b"\x00\x01\x02 binary",
        },
    )
    assert at.session_state["uploaded_tables"] is not None
    return at


def markdown_sources(at: AppTest) -> list[str]:
    return [
        str(e.value) for kind in ("markdown", "caption", "error", "warning") for e in getattr(at, kind)
    ] + [e.label for e in at.expander]


def test_user_text_is_escaped_in_every_markdown_element(tricky_session):
    at = tricky_session
    for page in ("pages/5_Corpus.py", "pages/2_Quotes.py", "pages/1_Actors.py", "app.py"):
        on_page(at, page)
        for source in markdown_sources(at):
            unescaped = re.sub(r"\\.", "", source)
            for raw in ("<script", "<img", "](javascript", "](https", "$", ":red[", "[Evil]", "<b>"):
                assert raw not in unescaped, (page, raw, source)
    on_page(at, "pages/5_Corpus.py")
    errors = "\n".join(e.value for e in at.error)
    assert "\\[x\\]\\(javascript\\:alert\\(3\\)\\)\\.txt" in errors


def test_across_outlets_labels_escape_quote_text(tricky_session):
    at = on_page(tricky_session, "pages/2_Quotes.py")
    labels = [e.label for e in at.expander]
    assert any("script" in label for label in labels), labels
    for label in labels:
        unescaped = re.sub(r"\\.", "", label)
        assert "<script" not in unescaped and "](https" not in unescaped and "$" not in unescaped, label


def test_a_page_whose_data_is_broken_shows_a_friendly_message_and_no_traceback(tmp_path, monkeypatch):
    from analysis.store.parquet import write_tables

    write_tables(
        {
            "articles": pd.DataFrame({"title": ["only a title"]}),
            "mentions": pd.DataFrame(),
            "actors": pd.DataFrame(),
        },
        tmp_path,
    )
    monkeypatch.setenv("NEWS_DASHBOARD_STORE", str(tmp_path))
    st.cache_resource.clear()
    try:
        for page in ("app.py", "pages/1_Actors.py", "pages/5_Corpus.py"):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
            at.run()
            if page != "app.py":
                at.switch_page(page).run()
            assert not at.exception, (page, [e.value for e in at.exception])
            messages = [e.value for e in at.error]
            assert any("Something went wrong" in m for m in messages), (page, messages)
            assert not any("Traceback" in m or "KeyError" in m for m in messages)
    finally:
        st.cache_resource.clear()


def test_table_caches_are_safe_under_concurrent_sessions():
    """Sessions run in threads of one process; the per-table caches in `queries` must not break under that."""
    import sys
    import threading

    from analysis.views import queries

    articles = pd.DataFrame({"article_id": ["a", "b"], "source": ["s", "t"]})
    errors: list[str] = []
    alive: list[pd.DataFrame] = []

    def session() -> None:
        try:
            for i in range(600):
                df = pd.DataFrame({"article_id": ["a", "b"][i % 2 :], "source": ["s", "t"][i % 2 :]})
                prepared = queries._prepare(df, articles)
                assert list(prepared.article_pos) == [0, 1][i % 2 :]
                if len(alive) < 100:
                    alive.append(df)
        except Exception as exc:
            errors.append(repr(exc))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=session) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
