"""The invitation's QR code (reviews/previsit/qr.py) draws exactly segno's symbol of the link,
with its quiet zone; tests/browser/test_previsit.py reads it back from the screen and the paper."""

import re

import segno

from reviews.previsit.qr import QUIET_ZONE, qr_picture

LINK = "https://trd.example.org/p/Eag44-O1ouckl2YTqq7V1iAKO_s138dJ8EK3N_S4jbA/"


def drawn_modules(path: str) -> set[tuple[int, int]]:
    dark = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path):
        dark |= {(int(x) + dx, int(y)) for dx in range(int(width))}
    return dark


def test_the_picture_is_segnos_symbol_of_the_link_inside_its_quiet_zone():
    picture = qr_picture(LINK)
    symbol = segno.make(LINK, error="m", micro=False)
    expected = {
        (x + QUIET_ZONE, y + QUIET_ZONE)
        for y, row in enumerate(symbol.matrix)
        for x, dark in enumerate(row)
        if dark
    }
    assert drawn_modules(picture.path) == expected
    assert picture.size == len(symbol.matrix) + 2 * QUIET_ZONE
    assert symbol.error == "M"
