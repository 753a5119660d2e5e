"""Where the project keeps its bundled data and caches."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DEFAULT_CORPUS = DATA / "articles"
DEFAULT_ALIASES = DATA / "aliases.csv"
DEFAULT_CACHE = ROOT / ".cache" / "analysis"
DEFAULT_STORE = ROOT / ".cache" / "store"
