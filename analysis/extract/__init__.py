"""Extraction: the registered reports in, tidy validated tables out.

``extract_source`` reads one report (structure, then every stated quantity, dated
event and quality note); ``extract_all`` reads every registered report, applies
the reviewed corrections and validates each table against its schema. Nothing
here writes a file or knows about charts.
"""

from analysis.extract._numbers import EXCLUSION_REASONS
from analysis.extract._report import Extraction, ExtractionWarning, extract_source
from analysis.extract._run import ExtractionResult, extract_all

__all__ = [
    "EXCLUSION_REASONS",
    "Extraction",
    "ExtractionResult",
    "ExtractionWarning",
    "extract_all",
    "extract_source",
]
