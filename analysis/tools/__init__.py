"""Developer tooling on top of everything else: the command line, benchmarks, load test, evaluations,
training and synthetic corpora. Nothing in the dashboard imports it."""
