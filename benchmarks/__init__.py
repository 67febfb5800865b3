"""Benchmarks of extraction, building, chart export and rendering (run from the project root).

``python -m benchmarks.extraction``, ``python -m benchmarks.build``,
``python -m benchmarks.charts``, ``python -m benchmarks.render``; ``make bench`` runs them.
"""
