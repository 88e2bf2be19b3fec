"""The interactive what-if app (``orbitaldc app``): a local web page of controls over ``run()`` and
the bridge (``studies.bridge``), served offline by Starlette + uvicorn; nothing below imports it.

``api`` holds the HTTP API's logic as plain functions, ``controls`` the controls with their units,
ranges and catalog sources, ``presets`` the scenarios it starts from, ``server`` the web layer.
The HTTP API is documented in docs/app.md.
"""

from orbitaldc.app.api import bridge_document, run_document, scenario_yaml

__all__ = ["bridge_document", "run_document", "scenario_yaml"]
