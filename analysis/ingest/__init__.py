"""Bytes to articles: reading files and archives, decoding, cleaning, the manifest."""
