"""Go's text for JSON values and numbers, so that what the SDK writes is what the server writes.

The server decodes JSON into Go values (every number a float64) and writes them with Go's
encoding/json and strconv: this module writes a decoded JSON value the same way, byte for byte
(sorted object keys, Go's number forms and string escapes). The template renderer writes
numbers and JSON values with it, and the content hash hashes its output.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _shortest(f: float) -> tuple[bool, str, int]:
    """Return the sign, the shortest decimal digits that read back as f, and the decimal point's place.

    The value is 0.DIGITS times 10 to the point's place, as Go's strconv keeps it.
    """
    sign, digits, exponent = Decimal(repr(f)).as_tuple()
    assert isinstance(exponent, int)  # repr never gives NaN or infinities here
    text = "".join(str(d) for d in digits).lstrip("0")
    if not text:
        return bool(sign), "0", 1
    return bool(sign), text.rstrip("0"), len(text) + exponent


def _fixed(neg: bool, digits: str, point: int) -> str:
    """Write shortest digits as strconv's 'f' format with precision -1 does."""
    if digits == "0":
        text = "0"
    elif point <= 0:
        text = "0." + "0" * -point + digits
    elif point >= len(digits):
        text = digits + "0" * (point - len(digits))
    else:
        text = digits[:point] + "." + digits[point:]
    return "-" + text if neg else text


def _exponent(neg: bool, digits: str, point: int) -> str:
    """Write shortest digits as strconv's 'e' format with precision -1 does (e+21, e-07)."""
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    exp = point - 1 if digits != "0" else 0
    text = f"{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    return "-" + text if neg else text


def format_decimal(value: float) -> str:
    """Return strconv.FormatFloat(value, 'f', -1, 64): a number as a placeholder writes it."""
    return _fixed(*_shortest(value))


def format_g(value: float) -> str:
    """Return fmt's %g of a float64: the shortest digits, in exponent form past 1e-4 and 1e6."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    neg, digits, point = _shortest(value)
    exp = point - 1
    if digits != "0" and (exp < -4 or exp >= 6):
        return _exponent(neg, digits, point)
    return _fixed(neg, digits, point)


def format_json_number(value: float) -> str:
    """Return a number as Go's encoding/json writes a float64."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"JSON has no number {value!r}")
    neg, digits, point = _shortest(value)
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        text = _exponent(neg, digits, point)
        # encoding/json writes e-7, not e-07.
        if len(text) >= 4 and text[-4] == "e" and text[-3] == "-" and text[-2] == "0":
            text = text[:-2] + text[-1]
        return text
    return _fixed(neg, digits, point)


def _string(s: str, escape_html: bool) -> str:
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif code < 0x20:
            out.append(f"\\u{code:04x}")
        elif escape_html and ch in _HTML_ESCAPES:
            out.append(_HTML_ESCAPES[ch])
        elif code in (0x2028, 0x2029):
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")  # a lone surrogate: Go writes invalid UTF-8 so
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _key(k: str) -> bytes:
    return k.encode("utf-8", "surrogatepass")


def dumps(value: Any, *, escape_html: bool) -> str:
    """Return value, a decoded JSON value, as Go's encoding/json writes it (compact, keys sorted).

    escape_html is json.Marshal's default (<, > and & escaped); the template renderer writes
    without it, as its encoder is told to.
    """
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _string(value, escape_html)
    if isinstance(value, (int, float)):
        return format_json_number(float(value))
    if isinstance(value, Mapping):
        items = sorted(((str(k), v) for k, v in value.items()), key=lambda kv: _key(kv[0]))
        return "{" + ",".join(_string(k, escape_html) + ":" + dumps(v, escape_html=escape_html) for k, v in items) + "}"
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        return "[" + ",".join(dumps(v, escape_html=escape_html) for v in value) + "]"
    raise TypeError(f"{type(value).__name__} is not a JSON value")


_QUOTE_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def quote(s: str) -> str:
    """Return strconv.Quote(s): a Go string literal, printable characters kept as they are."""
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch in _QUOTE_ESCAPES:
            out.append(_QUOTE_ESCAPES[ch])
        elif ch == " " or (ch.isprintable() and code != 0xAD):
            out.append(ch)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)
