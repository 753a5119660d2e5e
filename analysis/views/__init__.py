"""Tables and filters to what a view shows: aggregates, evidence, Plotly figures, exports."""
