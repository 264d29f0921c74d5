"""Render step, council handouts: one printable page per deployment, ``handouts/<id>.html``.

A standalone HTML page (no site chrome, no script of its own) with its own print stylesheet
(``assets/handout.css``): the facts on record, each numbered to its source, the sources as
printed addresses, who decides, the ask, and a QR code to the deployment's page, drawn at
build time as inline SVG by ``segno`` (nothing is fetched). It fits one A4 or US Letter page:
the facts are few by design and a browser test prints every handout to PDF to check.
"""

from __future__ import annotations

from collections.abc import Collection

import jinja2
from markupsafe import Markup

from ...models.dates import PartialDate
from ...models.labels import label, place
from ..dataset import Dataset
from ..render.environment import TEMPLATES
from ..render.letter import ask, decider, deployment_facts, numbered
from ..render.text import safe_url
from .published import record_url
from .qrcode import qr_svg_text

FOLDER = "handouts"
HANDOUT_FIGURES = 3
HANDOUT_INCIDENTS = 2
HANDOUT_EVENTS = 3


def qr_svg(url: str, title: str) -> Markup:
    """The QR code of ``url`` as inline SVG (error correction M, scaled to its box by CSS).

    The mask pattern is fixed: every mask gives a valid code that any reader decodes, and
    choosing one means scoring all eight, which was 3/4 of the handouts' render time (15,000
    deployments: about 100 s of CPU, 25 s with a fixed mask). ``qrcode`` draws the same bytes
    as segno from cached layouts (25 s -> about 3 s)."""
    return Markup(qr_svg_text(url, title))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(url=safe_url, label=label, place=place)
    return env


def render_handouts(data: Dataset, only: Collection[str] | None = None) -> dict[str, str]:
    """Every deployment's handout; with ``only``, those deployments' (the preview's)."""
    template = _environment().get_template("handout.html.j2")
    files = {}
    for deployment in data.deployments.values():
        if only is not None and deployment.id not in only:
            continue
        facts = deployment_facts(
            deployment,
            data,
            figures=HANDOUT_FIGURES,
            incidents=HANDOUT_INCIDENTS,
            events=HANDOUT_EVENTS,
        )
        lines, order = numbered(facts)
        url = record_url("deployments", deployment.id)
        files[f"{FOLDER}/{deployment.id}.html"] = template.render(
            d=deployment,
            data=data,
            facts=lines,
            sources=[data.sources[s] for s in order],
            ask=ask(deployment),
            decider=decider(deployment),
            page_url=url,
            qr=qr_svg(url, f"QR code: {url}"),
            built=PartialDate.parse(data.build_date).human(),
        )
    return files
