"""Streamlit helpers the pages share: session data, sidebar filters bound to the URL, the page shell,
chart wrapper and selections, evidence sentences and downloads. Computation stays in `analysis`."""
