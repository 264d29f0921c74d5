"""Share images (scripts/watched/pipeline/export/share_images.py): one PNG card per record, drawn at
build time. What a card says, that it is the same bytes every time (also from another
process), its size and colours, that long text stays on the card, and the cache."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from PIL import Image, ImageChops

from support import FIXTURES, ROOT, validated
from watched.models import REGISTRY
from watched.pipeline.export import share_images
from watched.pipeline.export.published import SITE_DESCRIPTION, SITE_NAME
from watched.pipeline.export.share_images import (
    BACKGROUND,
    HEIGHT,
    MARGIN,
    MUTED,
    SITE_CARD,
    TEXT,
    WIDTH,
    Card,
    cards,
    draw,
    render_cached,
)

DEPLOYMENT = Card(
    "share/deployments/example.png",
    "Example County Sheriff's Office: Amazon Rekognition",
    "In use as of 10 June 2020 · Example County, Oregon",
)


@pytest.fixture(scope="module")
def fixture_cards() -> list[Card]:
    return cards(validated(FIXTURES / "valid"))


def _open(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def _luminance(colour: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _ink_columns(image: Image.Image) -> tuple[int, int]:
    """The leftmost and rightmost columns that are not background."""
    rgb = image.convert("RGB")
    background = Image.new("RGB", rgb.size, BACKGROUND)
    box = ImageChops.difference(rgb, background).getbbox()
    assert box is not None, "the card is empty"
    return box[0], box[2]


def test_site_name_and_description_match_mkdocs():
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert (config.site_name, config.site_description) == (SITE_NAME, SITE_DESCRIPTION)


def test_a_card_is_a_1200_by_630_png_in_the_site_colours_with_readable_text():
    image = _open(draw(DEPLOYMENT))
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)
    colours = image.convert("RGB").getcolors(maxcolors=256)
    assert colours is not None and len(colours) <= 16  # a 4-bit palette
    by_count = sorted(colours, reverse=True)
    assert by_count[0][1] == BACKGROUND  # the background fills most of the card
    present = {colour for _, colour in colours}
    assert TEXT in present and MUTED in present  # title and line are drawn, fully inked
    assert _contrast(TEXT, BACKGROUND) >= 7
    assert _contrast(MUTED, BACKGROUND) >= 7


def test_the_same_card_is_the_same_bytes_in_another_process():
    here = draw(DEPLOYMENT)
    assert draw(DEPLOYMENT) == here
    script = (
        "import sys; from watched.pipeline.export.share_images import Card, draw; "
        f"sys.stdout.buffer.write(draw(Card(*{(DEPLOYMENT.path, DEPLOYMENT.title, DEPLOYMENT.line)!r})))"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(ROOT / "scripts"), "PYTHONHASHSEED": "123"},
        capture_output=True,
        check=True,
    ).stdout
    assert other == here


def test_different_text_draws_a_different_card():
    other = Card(DEPLOYMENT.path, DEPLOYMENT.title, "Ended as of 2021 · Example County, Oregon")
    assert draw(other) != draw(DEPLOYMENT)
    assert other.key != DEPLOYMENT.key


@pytest.mark.parametrize(
    "title",
    [
        "A" * 200,  # one word too long for a line
        " ".join(["Surveillance"] * 40),  # too many words for three lines
        "Short",
    ],
)
def test_long_text_stays_inside_the_margins(title):
    left, right = _ink_columns(_open(draw(Card("share/x.png", title, title))))
    assert left >= MARGIN - 2
    assert right <= WIDTH - MARGIN + 8  # kerning across a space is not measured: a few px


def test_a_long_title_is_set_smaller_and_cut_with_an_ellipsis():
    size, lines = share_images._title_layout(" ".join(["Surveillance"] * 40))
    assert size == min(share_images.TITLE_SIZES)
    assert len(lines) == share_images.TITLE_LINES
    assert lines[-1].endswith("…")
    size, lines = share_images._title_layout("Short title")
    assert (size, lines) == (max(share_images.TITLE_SIZES), ["Short title"])


def test_the_font_is_pillows_embedded_scalable_one():
    """No system font: the card looks the same on every machine."""
    font = share_images._font(40)
    assert font.getname() == ("Aileron", "Regular")
    assert font.size == 40


def test_every_record_and_the_site_have_one_card(fixture_cards):
    data = validated(FIXTURES / "valid")
    expected = {SITE_CARD} | {
        f"share/{entry.name}/{record_id}.png"
        for entry in REGISTRY
        for record_id in data.collection(entry.name)
    }
    paths = [card.path for card in fixture_cards]
    assert len(paths) == len(set(paths))
    assert set(paths) == expected


def test_cards_say_plain_words(fixture_cards):
    data = validated(FIXTURES / "valid")
    deployment = next(iter(data.deployments.values()))
    card = next(c for c in fixture_cards if c.path == f"share/deployments/{deployment.id}.png")
    assert deployment.agency in card.title
    assert deployment.status.as_of.human() in card.line
    assert deployment.jurisdiction.place in card.line
    for card in fixture_cards:
        assert card.title and card.line
        for raw in ("in-force", "closed-to-new-customers", "wrongful-arrest", "model-law"):
            assert raw not in card.line, card


def test_the_cache_draws_only_new_cards_and_forgets_old_ones(tmp_path: Path):
    first = Card("share/a.png", "First", "One")
    second = Card("share/b.png", "Second", "Two")
    drawn = render_cached([first, second], tmp_path)
    assert drawn.drawn == 2
    assert drawn.files["share/a.png"].read_bytes() == draw(first)
    assert render_cached([first, second], tmp_path).drawn == 0
    changed = Card("share/b.png", "Second, renamed", "Two")
    again = render_cached([first, changed], tmp_path)
    assert again.drawn == 1
    assert again.files["share/b.png"].read_bytes() == draw(changed)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {f"{first.key}.png", f"{changed.key}.png"}
    )
