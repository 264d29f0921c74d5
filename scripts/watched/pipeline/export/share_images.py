"""Render step, share images: a 1200 x 630 PNG card per record page, for link previews.

A page's Open Graph / Twitter tags (overrides/main.html) name ``share/<collection>/<id>.png``
for a record page and ``share/site.png`` for every other page. Only a sharing service ever
fetches these files: no page loads them, so they add nothing to a reader's page weight.

Each card shows the site's name, the record's title and one plain line (a deployment's status
and place, a policy's type, status and place, ...), light text on the site's dark primary
colour (contrast above 10:1). Drawn with Pillow, without the network and without system fonts
(they differ between machines): the font is the one Pillow embeds for
``ImageFont.load_default(size=...)`` (Aileron, drawn by FreeType, which Pillow's wheels
bundle). Same card, same bytes: nothing in a PNG depends on the clock or the machine's fonts.

Cheap by construction, as 15,000 deployments make 15,000 cards: the text is drawn once as an
8-bit mask, each text block's levels are mapped onto its own short run of a 16-colour palette
(so the PNG is 4 bits per pixel and needs no filtering), and zlib runs at level 1. A card is
stored in a cache under the hash of everything drawn on it, so a rebuild draws only the cards
whose text changed. The site step draws them while MkDocs builds (``pipeline.build``), on the
core MkDocs leaves idle, and links them into the new site before it is swapped in.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageDraw, ImageFont, features

from ...models import REGISTRY, Capability, Concern, Deployment, Incident, Policy, Source, State
from ...models import System as Product
from ...models.labels import label, place
from ...models.registry import IN_USE_OR_PAUSED
from ..dataset import Dataset
from .published import SITE_DESCRIPTION, SITE_NAME

FOLDER = "share"
SITE_CARD = f"{FOLDER}/site.png"
WIDTH, HEIGHT = 1200, 630
DRAWING = "2"
"""Changes whenever the drawing below changes, so cached cards are drawn again."""

BACKGROUND = (0x1F, 0x2A, 0x44)  # --md-primary-fg-color in docs/assets/watched.css
ACCENT = (0xB3, 0x26, 0x1E)  # --md-accent-fg-color: the bar beside the site's name only
TEXT = (0xFF, 0xFF, 0xFF)  # 14.5:1 on the background
MUTED = (0xD6, 0xDC, 0xEF)  # 11.6:1 on the background
LEVELS = 7
"""Shades of antialiasing per text colour: background + accent + 2 x 7 = 16 colours, 4 bits."""

MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
SITE_SIZE = 40
TITLE_SIZES = (72, 64, 56, 48)
TITLE_LINES = 3
LINE_SIZE = 34
LINE_LINES = 2
LINE_BOTTOM = HEIGHT - 70
COMPRESS_LEVEL = 4


class NoScalableFont(RuntimeError):
    """Pillow was built without FreeType: its default font would ignore the size."""


@dataclass(frozen=True)
class Card:
    """One share image: where it is published (relative to the site root) and its text."""

    path: str
    title: str
    line: str

    @property
    def key(self) -> str:
        """The hash of everything drawn: the cache file's name."""
        text = "\0".join((DRAWING, SITE_NAME, self.title, self.line, PIL.__version__))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# ---------------------------------------------------------------- what each card says


def record_card_path(collection: str, record_id: str) -> str:
    return f"{FOLDER}/{collection}/{record_id}.png"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _deployment(d: Deployment, data: Dataset) -> tuple[str, str]:
    system = data.system_of(d)
    title = f"{d.agency}: {system.name if system else 'face recognition'}"
    status = label(d.status.value)
    return (
        title,
        f"{status[:1].upper()}{status[1:]} as of {d.status.as_of.human()} · {place(d.jurisdiction)}",
    )


def _policy(p: Policy, data: Dataset) -> tuple[str, str]:
    kind = label(p.type)
    line = f"{kind[:1].upper()}{kind[1:]}, {label(p.status.value)}"
    if p.jurisdiction is not None:
        line += f" · {place(p.jurisdiction)}"
    return p.name, line


def _incident(i: Incident, data: Dataset) -> tuple[str, str]:
    kind = label(i.kind)
    parts = [f"{kind[:1].upper()}{kind[1:]}", i.date.human()]
    deployment = data.deployments.get(i.deployment)
    if deployment is not None:
        parts.insert(1, place(deployment.jurisdiction))
    parts.append(label(i.outcome.value))
    return i.title, " · ".join(parts)


def _capability(c: Capability, data: Dataset) -> tuple[str, str]:
    used = len(data.deployments_by_capability.get(c.id, []))
    return (
        c.name,
        f"What face recognition can do · {_plural(used, 'deployment', 'deployments')} on record",
    )


def _concern(c: Concern, data: Dataset) -> tuple[str, str]:
    used = len(data.deployments_by_concern.get(c.id, []))
    return (
        c.name,
        f"Why face surveillance is dangerous · {_plural(used, 'deployment', 'deployments')} on record",
    )


def _system(s: Product, data: Dataset) -> tuple[str, str]:
    used = len(data.deployments_by_system.get(s.id, []))
    return (
        s.name,
        f"A face recognition product by {s.vendor} · {_plural(used, 'deployment', 'deployments')} on record",
    )


def _source(s: Source, data: Dataset) -> tuple[str, str]:
    kind = label(s.kind)
    published = s.published.human() if s.published else "undated"
    return s.title, f"{kind[:1].upper()}{kind[1:]} · {s.publisher} · {published}"


def _state(s: State, data: Dataset) -> tuple[str, str]:
    deployments = data.deployments_by_region.get(s.name, [])
    recorded = len(deployments)
    in_use = sum(d.status.value in IN_USE_OR_PAUSED for d in deployments)
    if not recorded:
        return (
            f"Face recognition in {s.name}",
            "No government use on record · who decides, and a letter to your legislators",
        )
    return (
        f"Face recognition in {s.name}",
        f"{_plural(recorded, 'government use', 'government uses')} on record, {in_use:,} in use, piloted or paused",
    )


CARD_TEXT: dict[str, Callable[[Any, Dataset], tuple[str, str]]] = {
    "deployments": _deployment,
    "policies": _policy,
    "incidents": _incident,
    "capabilities": _capability,
    "concerns": _concern,
    "systems": _system,
    "sources": _source,
    "states": _state,
}
"""Each collection's card: its title and one plain line, by the registry's collection name."""


def cards(data: Dataset) -> list[Card]:
    """The site's card and one per record of every collection, in the registry's order."""
    result = [
        Card(
            SITE_CARD,
            SITE_DESCRIPTION,
            "Deployments, laws and people harmed, each with its sources",
        )
    ]
    for entry in REGISTRY:
        describe = CARD_TEXT.get(entry.name)
        if describe is None:  # a new collection must say what its card shows
            raise TypeError(f"no share card for {entry.name}: add one in {__name__}")
        for record_id, record in data.collection(entry.name).items():
            title, line = describe(record, data)
            result.append(Card(record_card_path(entry.name, record_id), title, line))
    return result


# ---------------------------------------------------------------- drawing


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    if not features.check("freetype2"):
        raise NoScalableFont(
            "Pillow must be built with FreeType to draw share images (its wheels are)"
        )
    font = ImageFont.load_default(size=size)
    assert isinstance(font, ImageFont.FreeTypeFont)
    return font


@lru_cache(maxsize=1 << 16)
def _width(size: int, text: str) -> float:
    """The advance of ``text`` at ``size``: words recur across thousands of cards."""
    return _font(size).getlength(text)


def _length(words: list[str], size: int) -> float:
    """The width of words set with single spaces (kerning across a space is left out: the
    right margin is 80 px)."""
    return sum(_width(size, word) for word in words) + _width(size, " ") * (len(words) - 1)


def _shorten(words: list[str], size: int) -> str:
    """The words cut at a word (or, for one long word, a character) to fit, with an ellipsis."""
    if _length(words, size) <= TEXT_WIDTH:
        return " ".join(words)
    words = list(words)
    while len(words) > 1 and _length([*words, "…"], size) > TEXT_WIDTH:
        words.pop()
    cut = " ".join(words).rstrip(",;:·- ")
    while cut and _width(size, cut + "…") > TEXT_WIDTH:
        cut = cut[:-1]
    return cut + "…"


def wrap(text: str, size: int, most: int) -> list[str]:
    """``text`` in at most ``most`` lines that fit the card at ``size``; the last one is
    cut with an ellipsis when the text does not fit."""
    lines: list[list[str]] = [[]]
    for word in text.split():
        if lines[-1] and _length([*lines[-1], word], size) > TEXT_WIDTH:
            lines.append([])
        lines[-1].append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], [w for line in lines[most - 1 :] for w in line]]
    return [_shorten(line, size) for line in lines]


def _title_layout(title: str) -> tuple[int, list[str]]:
    """The largest size at which the whole title fits its lines (else the smallest, cut)."""
    whole = " ".join(title.split())
    for size in TITLE_SIZES:
        lines = wrap(title, size, TITLE_LINES)
        if " ".join(lines) == whole:
            break
    return size, lines


@cache
def _palette() -> bytes:
    """Background, accent, then LEVELS shades from the background to each text colour."""
    colours = [BACKGROUND, ACCENT]
    for target in (TEXT, MUTED):
        for step in range(1, LEVELS + 1):
            colours.append(
                (
                    round(BACKGROUND[0] + (target[0] - BACKGROUND[0]) * step / LEVELS),
                    round(BACKGROUND[1] + (target[1] - BACKGROUND[1]) * step / LEVELS),
                    round(BACKGROUND[2] + (target[2] - BACKGROUND[2]) * step / LEVELS),
                )
            )
    return bytes(channel for colour in colours for channel in colour)


@cache
def _shades(band: int) -> list[int]:
    """Mask level (0-255) -> palette index: 0 stays background, the rest one of the band's
    LEVELS shades."""
    first = 2 + band * LEVELS
    return [0] + [first + min(LEVELS - 1, (level * LEVELS) // 256) for level in range(1, 256)]


# The text is drawn as an 8-bit mask; each mask level is mapped to a palette index (0-15), kept
# in an "L" image and packed 4 bits a pixel ("L;4" packs the low 4 bits). The picture is PAD
# pixels wider, in index 0, on the left: packed, those two pixels are the zero byte that
# starts each PNG row (filter type None), so the packed pixels are the PNG's rows as they are.
PAD = 2
HEAD = MARGIN + SITE_SIZE + 50
"""The rows above the title: the same on every card, compressed once."""


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@cache
def _head() -> tuple[bytes, bytes, zlib._Compress]:
    """The PNG's chunks before its pixels; the compressed start of the pixels, and the
    compressor that has read the rows above the title."""
    mask = Image.new("L", (WIDTH + PAD, HEAD), 0)
    ImageDraw.Draw(mask).text(
        (PAD + MARGIN + 40, MARGIN), SITE_NAME, font=_font(SITE_SIZE), fill=255, anchor="lt"
    )
    picture = mask.point(_shades(0))
    ImageDraw.Draw(picture).rectangle(
        (PAD + MARGIN, MARGIN - 2, PAD + MARGIN + 15, MARGIN + SITE_SIZE + 4), fill=1
    )
    compressor = zlib.compressobj(COMPRESS_LEVEL)
    started = compressor.compress(picture.tobytes("raw", "L;4"))
    header = b"\x89PNG\r\n\x1a\n" + _chunk(
        b"IHDR", struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0)
    )
    return header + _chunk(b"PLTE", _palette()), started, compressor


@lru_cache(maxsize=4096)
def _word(size: int, band: int, word: str) -> tuple[Image.Image, int, int]:
    """One word drawn in the palette indices of ``band``, and where its box starts from the
    pen position on the baseline. Names and places recur across thousands of cards, so each
    word is drawn by FreeType once (the cache holds at most about 60 MB)."""
    font = _font(size)
    left, top, right, bottom = (int(edge) for edge in font.getbbox(word, anchor="ls"))
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), word, font=font, fill=255, anchor="ls")
    return mask.point(_shades(band)), left, top


def _set(picture: Image.Image, lines: list[str], size: int, band: int, top: int) -> None:
    """Lines of text from ``top`` (the top of the first line's ascenders), word by word."""
    ascent = _font(size).getmetrics()[0]
    step = round(size * 1.18)
    space = _width(size, " ")
    for index, line in enumerate(lines):
        baseline = top + ascent + index * step
        x = float(PAD + MARGIN)
        for word in line.split(" "):
            image, left, above = _word(size, band, word)
            picture.paste(image, (round(x) + left, baseline + above))
            x += _width(size, word) + space


def draw(card: Card) -> bytes:
    """The PNG of ``card``: deterministic, 4-bit palette, no metadata."""
    size, title_lines = _title_layout(card.title)
    line_lines = wrap(card.line, LINE_SIZE, LINE_LINES)
    line_top = LINE_BOTTOM - round(LINE_SIZE * 1.18) * len(line_lines) - HEAD
    picture = Image.new("L", (WIDTH + PAD, HEIGHT - HEAD), 0)
    _set(picture, title_lines, size, 0, 20)
    _set(picture, line_lines, LINE_SIZE, 1, line_top)
    header, started, head = _head()
    compressor = head.copy()
    pixels = started + compressor.compress(picture.tobytes("raw", "L;4")) + compressor.flush()
    return header + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


# ---------------------------------------------------------------- the cache


@dataclass(frozen=True)
class Drawn:
    """The cards of one build: each site path -> its file in the cache; how many were drawn."""

    files: dict[str, Path]
    drawn: int


def _write_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    with os.fdopen(handle, "wb") as file:
        file.write(content)
    os.replace(temporary, path)


def render_cached(cards: Iterable[Card], cache_dir: Path) -> Drawn:
    """Draw every card whose cached file is missing, remove cached cards no longer used,
    and say where each card's file is."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    drawn = 0
    for card in cards:
        file = cache_dir / f"{card.key}.png"
        if not file.exists():
            _write_atomically(file, draw(card))
            drawn += 1
        files[card.path] = file
    used = {file.name for file in files.values()}
    for stale in cache_dir.iterdir():
        if stale.name not in used:
            stale.unlink()
    return Drawn(files, drawn)
