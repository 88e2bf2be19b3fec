"""Studies: published studies' presets (examples/studies/) and the bridge between two scenarios.

Above ``run()`` and below the CLI and the app: ``bridge(a, b)`` explains why two scenarios' orbital
$/GPU-hour differ (docs/studies.md).
"""

from orbitaldc.studies.bridge import bridge

__all__ = ["bridge"]
