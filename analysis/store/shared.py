"""Shared corpora: a session's analysed corpus saved under an unguessable id, readable by whoever has the link.

A shared corpus is a folder `<root>/<id>/` holding the analysed tables as Parquet (opened without any
re-analysis) and `meta.json` (when it was shared, its size, and the session's alias rules and speaker
corrections). The id is 32 characters of `secrets.token_urlsafe` (192 random bits); nothing lists the
folder, and an id that is not exactly that shape is never turned into a path. Writes go to a temporary
folder renamed into place, so a reader never sees half a corpus. Limits: size per corpus, total size and
age; expired corpora go first, then the oldest, and a save that cannot fit is refused with the reason.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.paths import ROOT
from analysis.store.parquet import write_tables
from analysis.store.workspace import read_store

SHARE_DIR_ENV = "NEWS_DASHBOARD_SHARE_DIR"
MAX_CORPUS_MB_ENV = "NEWS_DASHBOARD_SHARE_MAX_MB"
MAX_TOTAL_MB_ENV = "NEWS_DASHBOARD_SHARE_TOTAL_MB"
MAX_AGE_DAYS_ENV = "NEWS_DASHBOARD_SHARE_DAYS"
DEFAULT_ROOT = ROOT / ".cache" / "shared"
ID_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
META = "meta.json"
SHARED_TABLES = ("articles", "sentences", "mentions", "actors", "quotes", "sentiment", "places", "place_mentions",
                 "problems")


class ShareRefused(Exception):
    """A save a limit refused, with the reason a user can read."""


@dataclass(frozen=True)
class Limits:
    max_corpus_bytes: int = 200 * 1024 * 1024
    max_total_bytes: int = 2 * 1024 * 1024 * 1024
    max_age_s: float = 30 * 24 * 3600

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        env = os.environ if env is None else env
        base = cls()
        mb = 1024 * 1024
        return cls(
            max_corpus_bytes=int(float(env.get(MAX_CORPUS_MB_ENV, base.max_corpus_bytes / mb)) * mb),
            max_total_bytes=int(float(env.get(MAX_TOTAL_MB_ENV, base.max_total_bytes / mb)) * mb),
            max_age_s=float(env.get(MAX_AGE_DAYS_ENV, base.max_age_s / 86400)) * 86400,
        )


@dataclass
class SharedCorpus:
    corpus_id: str
    tables: dict[str, pd.DataFrame]
    shared_at: float
    aliases_text: str | None = None
    speaker_overrides: dict[str, str | None] = field(default_factory=dict)


def share_root(env: Mapping[str, str] | None = None) -> Path:
    """Where shared corpora live: $NEWS_DASHBOARD_SHARE_DIR, else .cache/shared in the app folder."""
    env = os.environ if env is None else env
    return Path(env.get(SHARE_DIR_ENV) or DEFAULT_ROOT)


def new_id() -> str:
    return secrets.token_urlsafe(24)


def valid_id(corpus_id: str | None) -> bool:
    return bool(corpus_id) and bool(ID_RE.match(str(corpus_id)))


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _entries(root: Path) -> list[tuple[float, int, Path]]:
    """(shared at, bytes, folder) of every complete shared corpus, oldest first."""
    out = []
    for folder in root.iterdir() if root.exists() else ():
        meta = folder / META
        if not valid_id(folder.name) or not meta.is_file():
            continue
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            out.append((float(info["shared_at"]), int(info["bytes"]), folder))
        except (OSError, ValueError, KeyError):
            continue
    return sorted(out)


def expire(root: Path, limits: Limits, now: float | None = None) -> list[str]:
    """Remove shared corpora older than the age limit, and half-written temporary folders; their ids."""
    now = time.time() if now is None else now
    gone = []
    for shared_at, _, folder in _entries(root):
        if now - shared_at > limits.max_age_s:
            shutil.rmtree(folder, ignore_errors=True)
            gone.append(folder.name)
    for tmp in root.glob(".tmp-*") if root.exists() else ():
        if now - tmp.stat().st_mtime > 3600:
            shutil.rmtree(tmp, ignore_errors=True)
    return gone


def save_shared(tables: Mapping[str, pd.DataFrame], root: Path | None = None, limits: Limits | None = None,
                aliases_text: str | None = None, speaker_overrides: Mapping[str, str | None] | None = None,
                now: float | None = None) -> str:
    """Save a session's analysed tables for sharing and return the new id; ShareRefused names a limit."""
    root = root or share_root()
    limits = limits or Limits.from_env()
    now = time.time() if now is None else now
    root.mkdir(parents=True, exist_ok=True)
    expire(root, limits, now)
    corpus_id = new_id()
    tmp = root / f".tmp-{corpus_id}"
    try:
        write_tables({k: v for k, v in tables.items() if k in SHARED_TABLES}, tmp)
        size = _size(tmp)
        if size > limits.max_corpus_bytes:
            raise ShareRefused(f"this corpus takes {size / 1e6:.1f} MB once saved; a shared corpus may take at most "
                               f"{limits.max_corpus_bytes / 1e6:.0f} MB")
        if size > limits.max_total_bytes:
            raise ShareRefused(f"this corpus takes {size / 1e6:.1f} MB, more than all shared corpora together may "
                               f"({limits.max_total_bytes / 1e6:.0f} MB)")
        entries = _entries(root)
        used = sum(b for _, b, _ in entries)
        while entries and used + size > limits.max_total_bytes:
            _, freed, folder = entries.pop(0)
            shutil.rmtree(folder, ignore_errors=True)
            used -= freed
        meta = {"shared_at": now, "bytes": size, "aliases_text": aliases_text,
                "speaker_overrides": dict(speaker_overrides or {})}
        (tmp / META).write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, root / corpus_id)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return corpus_id


def open_shared(corpus_id: str | None, root: Path | None = None, limits: Limits | None = None,
                now: float | None = None) -> SharedCorpus | None:
    """The shared corpus with this id, or None when the id is malformed, unknown or expired."""
    if not valid_id(corpus_id):
        return None
    root = root or share_root()
    limits = limits or Limits.from_env()
    folder = root / str(corpus_id)
    meta_path = folder / META
    if not meta_path.is_file():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    now = time.time() if now is None else now
    if now - float(meta.get("shared_at", 0)) > limits.max_age_s:
        return None
    return SharedCorpus(str(corpus_id), read_store(folder, lean=True), float(meta["shared_at"]),
                        meta.get("aliases_text"), meta.get("speaker_overrides") or {})
