"""The invitation link as a QR code, to scan from the clinician's screen or a printed page.

segno encodes the link; this computes the picture's geometry and the template draws it as
inline SVG (no image request, no script, nothing fetched: the link exists only in the one
response that shows it)."""

from dataclasses import dataclass

import segno

# The light margin a scanner needs around the symbol, in modules (ISO/IEC 18004 asks for 4).
QUIET_ZONE = 4


@dataclass(frozen=True)
class QrPicture:
    size: int  # modules per side, the quiet zone included: the SVG's viewBox
    path: str  # SVG path data: one rectangle, one module high, per run of dark modules


def qr_picture(text: str) -> QrPicture:
    """The QR code of `text` at error-correction level M (15% of the symbol can be lost: a
    fold or a smudge on a printed page); one module is one unit of the viewBox."""
    code = segno.make(text, error="m", micro=False)
    runs: list[str] = []
    for y, row in enumerate(map(list, code.matrix_iter(border=QUIET_ZONE))):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return QrPicture(size=len(code.matrix) + 2 * QUIET_ZONE, path="".join(runs))
