"""The upload page at ``/``: choose or drop forms, read the HTML report (no script needed)."""

from __future__ import annotations

from scoring.i18n import Lang, ui
from scoring.service.inputs import FORM_SUFFIXES
from scoring.service.limits import Limits

__all__ = ["upload_page"]


def upload_page(lang: Lang, limits: Limits) -> str:
    """The page: a plain multipart form posting to ``/report``; a script only adds dropping."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scoring", "service/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("upload.html.j2").render(
        lang=lang,
        t=lambda key, **values: ui(key, lang, **values),
        max_mib=round(limits.max_body_bytes / 1024 / 1024, 1),
        max_forms=limits.max_forms,
        accept=",".join(FORM_SUFFIXES),
    )
