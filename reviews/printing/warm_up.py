"""A throwaway render for a worker starting up: WeasyPrint imported, its fonts configured, every
sheet's stylesheets parsed for both papers, and a page laid out with the fonts the sheets use,
so that the first clinician's PDF costs what every later one does."""

from reviews.printing import engine, registry

# Text in the scripts the bundled fonts cover (Latin, Greek, CJK), in the weights the sheets use.
SAMPLE = (
    '<html lang="en"><h1>Warm-up</h1>'
    "<p><b>Bold</b> <i>italic</i> 0123456789 – “quoted” · é ü ß Ω 日本語 한국어</p>"
    "<table><tr><th>Medicine</th><td>sertraline 100 mg</td></tr></table>"
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><rect width="40" height="10"/>'
    "</svg>"
)


def render_throwaway() -> None:
    for kind in registry.sheets().values():
        for paper in engine.PAPER_SIZES:
            engine.stylesheets(kind, paper)
    summary = registry.sheet_named(None)
    engine.html_to_pdf(SAMPLE, styles=engine.stylesheets(summary, "a4"))
