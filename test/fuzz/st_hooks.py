"""Schemathesis hooks for the ZakupAI fuzz run (loaded through SCHEMATHESIS_HOOKS).

- Credentials come from the environment (ZAKUPAI_FUZZ_HEADERS, a JSON object of header names to values), never
  from the command line, where every process on the machine could read them.
- calc and risk limit each client address to 600 requests a minute, and a fuzz run sends far more. The services
  trust X-Forwarded-For from loopback (the gateway's hop), so each generated request presents its own client
  address from the benchmarking range 198.18.0.0/15: the limiter stays on, and the run tests the handlers behind
  it instead of a wall of 429s. The addresses are header values only; nothing is sent to them.
"""

import itertools
import json
import os

import schemathesis

_counter = itertools.count(1)
_headers = json.loads(os.environ.get("ZAKUPAI_FUZZ_HEADERS") or "{}")


@schemathesis.hook
def before_call(context, case, kwargs):
    n = next(_counter)
    headers = dict(case.headers or {})
    for name, value in _headers.items():
        headers.setdefault(name, value)
    headers["X-Forwarded-For"] = f"198.18.{(n >> 8) & 0xFF}.{n & 0xFF}"
    case.headers = headers


# Money, percentages and day counts are declared without a JSON type on purpose (a number or a decimal string; the
# use cases read them strictly and name the field). Left typeless, nearly every generated request fails on
# them, and the code behind them goes untested. For generation only, the loaded schema gives each such field a
# union: the shapes the service accepts, with their bounds (so the coverage phase sends the boundary numbers on
# both sides: 0, 10^15, just past them), and the widest shape its parser reads at all (any JSON number, any plain
# decimal string). The union is a superset of what the service accepts, so what negative mode generates outside it
# (booleans, objects, "1e3", "12,5") must be refused. The services' own documents are not changed.
_DECIMAL_TEXT = r"^[+-]?\d{1,40}(\.\d{1,40})?$"
_WIDE = [{"type": "number"}, {"type": "string", "pattern": _DECIMAL_TEXT}]
_MONEY = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{1,15}(\.\d{1,2})?$"},
        {"type": "integer", "minimum": 0, "maximum": 10**15},
        {"type": "number", "minimum": 0, "maximum": 1e15},
        {"type": "null"},
        *_WIDE,
    ]
}
_PERCENT = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{1,2}(\.\d{1,4})?$"},
        {"type": "number", "minimum": 0, "maximum": 100},
        *_WIDE,
    ]
}
_DAYS = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": 36500},
        {"type": "string", "pattern": r"^\d{1,6}$"},
        {"type": "number"},
    ]
}
_QUANTITY = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{1,9}(\.\d{1,3})?$"},
        {"type": "number", "minimum": 0.001, "maximum": 1e9},
        *_WIDE,
    ]
}


def _typed(node):
    if not isinstance(node, dict) or "type" in node or "anyOf" in node or "$ref" in node or "enum" in node:
        return None
    text = node.get("description", "")
    if "A number or a decimal string" in text:
        return _MONEY
    if "in percent" in text:
        return _PERCENT
    if text.startswith("Whole days"):
        return _DAYS
    if text.startswith("Quantity"):
        return _QUANTITY
    return None


def _retype(node):
    if isinstance(node, dict):
        for key, value in list(node.items()):
            shape = _typed(value)
            if shape is not None:
                node[key] = {**shape, "description": value.get("description", "")}
            else:
                _retype(value)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            shape = _typed(value)
            if shape is not None:
                node[i] = {**shape, "description": value.get("description", "")}
            else:
                _retype(value)


@schemathesis.hook
def before_load_schema(context, raw_schema):
    _retype(raw_schema.get("paths", {}))
