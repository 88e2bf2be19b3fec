"""The app command: the interactive what-if page (orbitaldc.app), served on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orbitaldc.cli.common import app


@app.command("app")
def app_command(
    scenario: Annotated[Path | None, typer.Argument(
        help="scenario YAML to start from (default: the shipped 1 MW H100 scenario)", show_default=False)] = None,
    host: Annotated[str | None, typer.Option(
        "--host", help="address to bind (default 127.0.0.1); a non-loopback address exposes the app to the "
        "network", show_default=False)] = None,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port (0: any free port)")] = 8050,
):
    """Start the what-if web app: move a control, see the verdict and its uncertainty (docs/app.md)."""
    from orbitaldc.app.server import serve

    try:
        serve(scenario, host=host, port=port, explicit_host=host is not None)
    except KeyboardInterrupt:
        pass
