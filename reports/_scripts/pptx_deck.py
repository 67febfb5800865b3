"""Post-render step (declared in _quarto.yml): the decks finished for presenting.

Quarto runs it after a render, in the project directory, with the files written in
QUARTO_PROJECT_OUTPUT_FILES; the built-in renderer (analysis.render) does the same.
In every PPTX written, each chart slide's chart gets the room between title and source
line, a simple bar or line chart becomes a native PowerPoint chart, and every chart
its alt text (analysis/pptx_deck.py). Other files are left alone.
"""

import sys
from pathlib import Path

# The project root, so that `analysis` imports under whichever Python Quarto runs.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from analysis.pptx_deck import post_render  # noqa: E402

if __name__ == "__main__":
    for deck in post_render():
        print(f"finished {deck}")
