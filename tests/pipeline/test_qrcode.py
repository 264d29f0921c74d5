"""The fast QR drawing gives segno's bytes exactly, for addresses of every length and for the
texts it hands back to segno."""

from __future__ import annotations

import random
import string

import pytest

from watched.pipeline.export.published import record_url
from watched.pipeline.export.qrcode import qr_svg_text, segno_svg


def _addresses() -> list[str]:
    rng = random.Random(15)
    letters = string.ascii_lowercase + string.digits + "-"
    return [
        record_url("deployments", "".join(rng.choices(letters, k=length)))
        for length in range(1, 260)
    ]


def _other_texts() -> list[str]:
    rng = random.Random(16)
    printable = ["".join(rng.choices(string.printable, k=length)) for length in range(0, 400, 3)]
    micro_sized = ["a" * length for length in range(1, 30)]
    return (
        printable + micro_sized + ["12345", "HTTPS://EXAMPLE.ORG/", "https://exämple.org/", "<&>"]
    )


@pytest.mark.parametrize("texts", [_addresses(), _other_texts()], ids=["addresses", "others"])
def test_the_fast_drawing_is_segnos_byte_for_byte(texts: list[str]) -> None:
    different = [
        text
        for text in texts
        if qr_svg_text(text, f"QR code: {text}") != segno_svg(text, f"QR code: {text}")
    ]
    assert different == []
