"""One parsed article to its analyses: actor mentions, quotes, places, sentiment, and the rules,
lexicons and gazetteer they use."""
