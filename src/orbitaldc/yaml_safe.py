"""YAML reading for scenario files: ``yaml.SafeLoader`` with two fixes.

- Exponent floats without a dot (``1e9``) are numbers, as in YAML 1.2; PyYAML's YAML 1.1 resolver
  reads them as strings, which a strict schema would then refuse with a puzzling message.
- A key given twice in one mapping is an error naming the key and its line, instead of the last
  one silently winning. Keys brought in by a merge (``<<: *anchor``) may still be overridden.
"""

from __future__ import annotations

import re

import yaml

_FLOAT_NO_DOT = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")


class ScenarioLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 exponent floats and duplicate keys refused."""


ScenarioLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_NO_DOT, list("-+0123456789"))


def _mapping_without_duplicates(loader: ScenarioLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key: the constructor below says so
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key] + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


ScenarioLoader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: _construct_map(loader, node))


def _construct_map(loader, node):
    data: dict = {}
    yield data
    data.update(_mapping_without_duplicates(loader, node))


def looks_like_float(text: str) -> bool:
    return bool(_FLOAT_NO_DOT.match(text.strip()))


def load(text: str):
    """Parse one YAML document with :class:`ScenarioLoader` (safe: no Python tags)."""
    return yaml.load(text, Loader=ScenarioLoader)  # noqa: S506 - ScenarioLoader derives from SafeLoader
