"""JSON already encoded, carried through Socket.IO as is.

A push of `session:state` sends every phone the same proposal list (services/results.py
`phone_pushes`): it is encoded once per change, and each phone's payload is put together from
encoded pieces. Socket.IO would encode the payload again; this module is the JSON module the
Socket.IO server is given (create_app), and `dumps` writes a `JSONText` where it stands instead
of encoding it as a string. Everything else is the standard library's `json`.
"""
from __future__ import annotations

import json
import secrets

loads = json.loads
JSONDecodeError = json.JSONDecodeError


class JSONText:
    """A JSON value already encoded (`text` must be valid JSON)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"JSONText({len(self.text)} characters)"

    def __eq__(self, other) -> bool:
        return isinstance(other, JSONText) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def dumps(obj, **kwargs) -> str:
    """`json.dumps`, writing each JSONText as the JSON it holds."""
    if isinstance(obj, JSONText):
        return obj.text
    if isinstance(obj, list) and any(isinstance(item, JSONText) for item in obj):
        # A Socket.IO event is [name, payload]: the common case, without a search and replace.
        if not any(isinstance(item, (dict, list, tuple)) for item in obj):
            return "[" + ",".join(item.text if isinstance(item, JSONText) else json.dumps(item, **kwargs)
                                  for item in obj) + "]"
    texts: list[str] = []
    nonce = secrets.token_hex(8)
    outer_default = kwargs.pop("default", None)

    def default(value):
        if isinstance(value, JSONText):
            texts.append(value.text)
            return f"jsontext-{nonce}-{len(texts) - 1}"
        if outer_default is not None:
            return outer_default(value)
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    encoded = json.dumps(obj, default=default, **kwargs)
    for index, text in enumerate(texts):
        # The nonce is new on every call: no text a client sent can contain the marker.
        encoded = encoded.replace(f'"jsontext-{nonce}-{index}"', text, 1)
    return encoded


def dump_compact(obj) -> str:
    """The encoding Socket.IO uses for payloads (no spaces), for pieces put together by hand."""
    return json.dumps(obj, separators=(",", ":"))
