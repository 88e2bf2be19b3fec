"""Launch stage: vehicles, payload to the target orbit, manifest and cost (first slice)."""
