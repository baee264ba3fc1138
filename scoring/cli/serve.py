"""``jixiao serve``: run the HTTP service with uvicorn."""

from __future__ import annotations

import click

from scoring.cli.options import fail
from scoring.i18n import resolve_lang, ui
from scoring.service.limits import Limits

__all__ = ["serve"]

_DEFAULT = Limits()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--max-body", "max_body", default=_DEFAULT.max_body_bytes, show_default=True,
              type=click.IntRange(min=1), help="largest request body, in bytes.")
@click.option("--max-forms", default=_DEFAULT.max_forms, show_default=True,
              type=click.IntRange(min=1), help="most forms in one request.")
@click.option("--time-budget", default=_DEFAULT.time_budget_s, show_default=True,
              type=click.FloatRange(min=0.1), help="seconds of work one request may take.")
@click.option("--body-timeout", default=_DEFAULT.body_timeout_s, show_default=True,
              type=click.FloatRange(min=0.1), help="seconds a request's body may take to arrive.")
def serve(
    host: str, port: int, max_body: int, max_forms: int, time_budget: float, body_timeout: float
) -> None:
    """Serve the API (/v1/verify, /v1/score, /v1/aggregate, /docs) and the upload page (/)."""
    try:
        import uvicorn

        from scoring.service.app import create_app
    except ImportError as exc:
        fail(ui("serve.extra", resolve_lang(None), name=exc.name))
    app = create_app(Limits(max_body, max_forms, time_budget, body_timeout))
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
