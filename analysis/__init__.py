"""Analysis of news coverage: corpus loading, actors, quotes, sentiment and places.

Everything here is pure Python over pandas and spaCy; nothing imports streamlit.
"""

PIPELINE_VERSION = "19"
