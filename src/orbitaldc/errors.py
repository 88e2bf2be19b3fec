"""Shared error types, so that no stage imports scenario.py for them, and the one way a pydantic
validation error becomes a field path and a sentence (scenario and sweep files alike)."""

from __future__ import annotations

import re


class ScenarioError(ValueError):
    """Bad input: ``field`` is a dotted path (or the file), ``why`` one line."""

    def __init__(self, field: str, why: str):
        super().__init__(f"{field}: {why}")
        self.field = field
        self.why = why


# pydantic-core names each member of a union in an error's location (``constrained-float``,
# ``literal['chain']``, ``function-after[_whole(), int]``, ``list[Station]``); they are the
# validator's internals, not the user's field path. A part with a bracket, a bare core type name or
# one of pydantic-core's hyphenated validator names is such a tag; a dict key the user wrote
# (``facility_capex_items_usd_per_w: {electrical-systems: ...}``) is kept.
_BARE_TAGS = frozenset({"float", "int", "str", "bool", "bytes", "none", "datetime", "date", "time", "timedelta",
                        "decimal", "any", "uuid", "url", "json", "callable", "nullable", "default", "union", "chain",
                        "literal", "list", "dict", "tuple", "set", "frozenset", "model", "dataclass", "generator"})
_HYPHENATED_TAG = re.compile(r"^(constrained|function|lax-or-strict|json-or-python|is-instance|is-subclass|"
                             r"tagged-union|definition-ref|model-fields|typed-dict|custom-error|with-default)"
                             r"(-[a-z]+)*$")


def is_pydantic_tag(part) -> bool:
    """Is this part of a pydantic error location a union-member tag rather than a field or key?"""
    if isinstance(part, int):
        return False
    text = str(part)
    return "[" in text or text in _BARE_TAGS or bool(_HYPHENATED_TAG.match(text))


def field_parts(loc) -> list:
    """A pydantic error location without its union-member tags (list indices stay ints)."""
    return [p for p in loc if not is_pydantic_tag(p)]


_GOT_A_VOWEL = re.compile(r"\(got a ([aeiou]\w*)\)")  # "(got a int)", a type's name after "a"


def pydantic_message(err: dict) -> str:
    """One line from a pydantic error: pydantic's ``Value error, `` prefix dropped, a text's length in
    characters (pydantic says items), and ``a int`` -> ``an int``."""
    message = err["msg"].removeprefix("Value error, ")
    ctx = err.get("ctx") or {}
    if err["type"] in ("too_long", "too_short") and isinstance(err.get("input"), str):
        bound = ctx.get("max_length") if err["type"] == "too_long" else ctx.get("min_length")
        word = "most" if err["type"] == "too_long" else "least"
        message = f"Text should have at {word} {bound} character{'s' if bound != 1 else ''} (got {len(err['input']):,})"
    message = _GOT_A_VOWEL.sub(r"(got an \1)", message)
    return " ".join(message.split())


def merged_union_message(errors: list[dict], chosen: dict) -> str:
    """The message of ``chosen``; when the other members of the same union failed at the same field
    with "Input should be ..." too, their alternatives joined: "Input should be a valid number or
    'chain'"."""
    path = field_parts(chosen["loc"])
    if len(path) == len(chosen["loc"]):  # not a union member: nothing to merge
        return pydantic_message(chosen)
    lead = "Input should be "
    same = [e for e in errors if field_parts(e["loc"]) == path and len(e["loc"]) > len(path)]
    messages = [pydantic_message(e) for e in same]
    if len(same) < 2 or not all(m.startswith(lead) for m in messages):
        return pydantic_message(chosen)
    options = []
    for m in messages:
        option = m.removeprefix(lead)
        if option not in options:
            options.append(option)
    return lead + " or ".join(options)
