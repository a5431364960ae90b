#!/usr/bin/env python3
"""Extracts the part of Google's CEL conformance suite that lies inside
relance's condition language (docs/SPEC.md §3 "Conditions") and writes it as the
vector file tests/vectors/300-cel-conformance.json.

    python3 tests/cel/extract.py <cel-spec git dir | exported cel-spec dir> [--commit HASH]

The source is the `tests/simple/testdata/*.textproto` files of
https://github.com/google/cel-spec (Apache-2.0). With a git directory (a bare
repository or a clone's `.git`), the files are read at HEAD (or --commit) and
the commit hash is taken from git; with an exported directory (the root of a
checkout, or the testdata folder itself), --commit is required so that the
vector file names its source. Only the standard library is used.

Expectations come from CEL's expected values, never from running relance:

* expected `true`:  rule `when: EXPR`                    -> allowed true
* expected `false`: rule `when: EXPR`                    -> allowed false
                    rule `when: !(EXPR)`                 -> allowed true
* expected value v: rule `when: (EXPR) == LITERAL(v)`    -> allowed true
* expected error:   rules `when: EXPR`, `when: !(EXPR)`  -> both allowed false

Two small evaluators (CEL semantics, and docs/SPEC.md §3 semantics as the SPEC text
states them) only *classify* cases: a case is kept only when the CEL model
reproduces CEL's expected value (so the extraction understood the case) and
the SPEC model gives the same outcome for every rule; when SPEC's text
decides otherwise, the case is listed as contradicted by SPEC, with the
sentence, instead of being kept.

The script also rewrites the generated part of tests/cel/README.md (between
the BEGIN/END GENERATED markers): the exclusion table and the case counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import subprocess
import sys
from collections import Counter, OrderedDict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "tests" / "vectors" / "300-cel-conformance.json"
README = HERE / "README.md"
TESTDATA = "tests/simple/testdata"

MAX_LENGTH = 4096  # docs/SPEC.md §3: at least 4,096 bytes are accepted
MAX_DEPTH = 64  # docs/SPEC.md §3: at least 64 levels of nesting are accepted
SAFE_INT = 2**53  # relance numbers are IEEE doubles

# --------------------------------------------------------------------------
# A small textproto reader (protobuf text format), enough for SimpleTestFile.
# --------------------------------------------------------------------------


class Msg:
    """A parsed message: its fields in order, as (name, value) pairs; a value
    is a Msg, a scalar (bytes for strings, str for numbers and enum names)
    or a list of those."""

    def __init__(self, fields):
        self.fields = fields

    def all(self, name):
        out = []
        for k, v in self.fields:
            if k == name:
                out.extend(v if isinstance(v, list) else [v])
        return out

    def get(self, name, default=None):
        vals = self.all(name)
        return vals[-1] if vals else default

    def has(self, name):
        return any(k == name for k, _ in self.fields)

    def names(self):
        return [k for k, _ in self.fields]


class Str(bytes):
    """A textproto string literal (bytes)."""


_TP_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<num>-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFuU]?)(?![A-Za-z_]))
  | (?P<ident>-?[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[{}\[\]:,;<>/.])
    """,
    re.X | re.S,
)

_SIMPLE_ESCAPES = {
    "n": b"\n", "t": b"\t", "r": b"\r", "a": b"\a", "b": b"\b", "f": b"\f", "v": b"\v",
    "\\": b"\\", "'": b"'", '"': b'"', "?": b"?",
}


def tp_unescape(body: str) -> bytes:
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        e = body[i + 1]
        if e in _SIMPLE_ESCAPES:
            out += _SIMPLE_ESCAPES[e]
            i += 2
        elif e in "01234567":
            m = re.match(r"[0-7]{1,3}", body[i + 1:])
            out.append(int(m.group(), 8) & 0xFF)
            i += 1 + len(m.group())
        elif e in "xX":
            m = re.match(r"[0-9a-fA-F]{1,2}", body[i + 2:])
            out.append(int(m.group(), 16))
            i += 2 + len(m.group())
        elif e == "u":
            out += chr(int(body[i + 2:i + 6], 16)).encode("utf-8", "surrogatepass")
            i += 6
        elif e == "U":
            out += chr(int(body[i + 2:i + 10], 16)).encode("utf-8")
            i += 10
        else:
            raise ValueError(f"unknown textproto escape \\{e}")
    return bytes(out)


def tp_tokens(text: str):
    pos = 0
    toks = []
    while pos < len(text):
        m = _TP_TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"textproto: cannot read {text[pos:pos + 30]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        val = m.group()
        if kind == "str":
            # Adjacent string literals concatenate.
            s = Str(tp_unescape(val[1:-1]))
            if toks and isinstance(toks[-1][1], Str):
                toks[-1] = ("str", Str(toks[-1][1] + s))
                continue
            toks.append(("str", s))
        else:
            toks.append((kind, val))
    toks.append(("end", None))
    return toks


class TpParser:
    def __init__(self, text):
        self.toks = tp_tokens(text)
        self.i = 0

    def peek(self):
        return self.toks[self.i]

    def take(self, val=None):
        t = self.toks[self.i]
        if val is not None and t[1] != val:
            raise ValueError(f"textproto: expected {val!r}, found {t!r}")
        self.i += 1
        return t

    def message(self, close=None):
        fields = []
        while True:
            kind, val = self.peek()
            if kind == "end" or (kind == "punct" and val == close):
                if close is not None:
                    self.take(close)
                return Msg(fields)
            if kind == "punct" and val in ",;":
                self.take()
                continue
            if kind == "punct" and val == "[":
                # Extension or Any type URL: [a.b/c.d]
                self.take("[")
                name = ""
                while self.peek()[1] != "]":
                    name += self.take()[1]
                self.take("]")
                name = "[" + name + "]"
            elif kind == "ident":
                name = self.take()[1]
            else:
                raise ValueError(f"textproto: unexpected {val!r}")
            colon = False
            if self.peek()[1] == ":":
                self.take()
                colon = True
            fields.append((name, self.value(colon)))

    def value(self, colon):
        kind, val = self.peek()
        if kind == "punct" and val in "{<":
            self.take()
            return self.message("}" if val == "{" else ">")
        if kind == "punct" and val == "[" and colon:
            self.take()
            items = []
            while self.peek()[1] != "]":
                items.append(self.value(True))
                if self.peek()[1] == ",":
                    self.take()
            self.take("]")
            return items
        if kind in ("str", "num", "ident"):
            self.take()
            return val
        raise ValueError(f"textproto: unexpected value {val!r}")


def parse_textproto(text: str) -> Msg:
    return TpParser(text).message()


# --------------------------------------------------------------------------
# Reading the suite
# --------------------------------------------------------------------------


def read_suite(source: str, commit: str | None):
    """Returns (commit, [(file name, text)])."""
    src = Path(source)
    is_git = (src / "HEAD").is_file() and (src / "objects").is_dir()
    if not is_git and (src / ".git").exists():
        src, is_git = src / ".git", True
    if is_git:
        git = ["git", "--git-dir", str(src)]
        rev = commit or "HEAD"
        commit = subprocess.run(git + ["rev-parse", rev + "^{commit}"], check=True, capture_output=True,
                                text=True).stdout.strip()
        names = subprocess.run(git + ["ls-tree", "--name-only", commit, TESTDATA + "/"], check=True,
                               capture_output=True, text=True).stdout.split()
        files = []
        for n in sorted(names):
            if n.endswith(".textproto"):
                text = subprocess.run(git + ["show", f"{commit}:{n}"], check=True, capture_output=True).stdout
                files.append((os.path.basename(n), text.decode("utf-8")))
        return commit, files
    if not commit:
        sys.exit("an exported directory does not say its commit: pass --commit HASH")
    d = src / TESTDATA if (src / TESTDATA).is_dir() else src
    files = [(p.name, p.read_text("utf-8")) for p in sorted(d.glob("*.textproto"))]
    if not files:
        sys.exit(f"no *.textproto files in {d}")
    return commit, files


# --------------------------------------------------------------------------
# Exclusion reasons, in priority order: a case is counted under the first
# reason (in this order) that applies to it.
# --------------------------------------------------------------------------

REASONS = OrderedDict([
    ("variables", "needs variables or declarations (`bindings`, `type_env`)"),
    ("comments", "`//` comments"),
    ("maps_messages", "map or message literals `{...}`"),
    ("bytes", "bytes literals `b\"...\"`"),
    ("uint", "`u` literals"),
    ("raw_strings", "raw strings `r\"...\"`"),
    ("triple_strings", "triple-quoted strings"),
    ("escapes", "string escapes outside `\\\\ \\\" \\' \\n \\t`"),
    ("control_chars", "raw control characters inside a string literal"),
    ("number_syntax", "number syntax outside SPEC (hex, leading `.`, leading zeros)"),
    ("macros", "macros (`has`, `all`, `exists`, `exists_one`, `map`, `filter`)"),
    ("conversions", "type conversions and type values (`int()`, `uint()`, `double()`, `string()`, `bytes()`, "
                    "`bool()`, `type()`, `dyn()`, `timestamp(int)`, `duration(non-literal)`)"),
    ("string_funcs", "string functions (`matches`, `contains`, `startsWith`, `endsWith`, ...)"),
    ("other_funcs", "other functions outside docs/SPEC.md §3, or `size` with a wrong arity"),
    ("member", "member calls `x.f()` and field selection `x.f`"),
    ("index", "index `x[i]`"),
    ("arith_mul", "operators `*` `/` `%`"),
    ("ternary", "ternary `?:` and optional syntax `?`"),
    ("identifiers", "identifiers outside docs/SPEC.md §3 (type names, namespaces, undeclared variables)"),
    ("duration_format", "`duration()` string outside the formats both CEL and docs/SPEC.md §2 read the same way "
                        "(`[Nh][Nm][Ns]`; CEL has no `d`, SPEC no `ms`/`us`/`ns`/fractions/sign)"),
    ("timestamp_format", "`timestamp()` string that is not RFC 3339 with `T`, an offset and at most "
                         "millisecond digits, within CEL's range (years 0001-9999)"),
    ("syntax_other", "other syntax outside docs/SPEC.md §3 (backquoted field names; relation chains mixing `==`/`!=` "
                     "with `<`/`in`, whose precedence differs; anything else)"),
    ("harness", "harness features: `check_only`, `container`, `locale`, unknown results"),
    ("result_uint", "uint results"),
    ("result_bytes", "bytes results"),
    ("result_map", "map results"),
    ("result_other", "results of other types (messages, types, enums; durations and timestamps not writable "
                     "as literals)"),
    ("result_nan", "NaN or infinite results or literals"),
    ("result_string", "string results with characters not writable in SPEC's literals"),
    ("int_overflow", "int64 overflow errors (relance numbers are IEEE doubles)"),
    ("int_precision", "integers beyond ±2^53 (not exact as IEEE doubles)"),
    ("int_double", "CEL distinguishes int from double (e.g. `1 + 1.0` is an error) where relance has one number "
                   "type"),
    ("time_range", "timestamp or duration range errors (CEL: years 0001-9999 and durations of about ±292 years; "
                   "relance: ±8.64e15 ms)"),
    ("model", "not understood by this extraction (its CEL model disagrees with the expected value)"),
    ("spec", "CEL behaviour that docs/SPEC.md §3 explicitly contradicts (listed below)"),
    ("limits", "longer than 4,096 bytes or nested deeper than 64 levels"),
])


class Exclude(Exception):
    def __init__(self, reason, detail=""):
        super().__init__(reason)
        assert reason in REASONS, reason
        self.reason = reason
        self.detail = detail


# --------------------------------------------------------------------------
# CEL lexer (the whole CEL token set, so every case can be classified)
# --------------------------------------------------------------------------

_CEL_PUNCT = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "?", ":", "+", "-", "*", "/", "%", "(", ")",
              "[", "]", "{", "}", ",", "."]
ALLOWED_ESCAPES = {"\\": "\\", '"': '"', "'": "'", "n": "\n", "t": "\t"}


def cel_tokens(src: str):
    """Tokens (kind, value, text) of a CEL expression; collects every
    exclusion reason its lexemes raise in `reasons`."""
    toks, reasons = [], set()
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c in " \t\n\r\f":
            i += 1
            continue
        if src.startswith("//", i):
            reasons.add("comments")
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "`":  # a quoted field name
            reasons.add("syntax_other")
            j = src.find("`", i + 1)
            i = n if j < 0 else j + 1
            toks.append(("ident", "`", "`"))
            continue
        m = re.match(r"([rRbB]{0,2})('''|\"\"\"|'|\")", src[i:])
        if m and (not m.group(1) or re.fullmatch(r"[rR]|[bB]|[rR][bB]|[bB][rR]", m.group(1))):
            prefix, quote = m.group(1).lower(), m.group(2)
            if "b" in prefix:
                reasons.add("bytes")
            if "r" in prefix:
                reasons.add("raw_strings")
            if len(quote) == 3:
                reasons.add("triple_strings")
            j = i + len(m.group())
            out = []
            while True:
                if j >= n:
                    raise Exclude("syntax_other", "unterminated string")
                if src.startswith(quote, j):
                    j += len(quote)
                    break
                ch = src[j]
                if ch == "\\" and "r" not in prefix:
                    e = src[j + 1] if j + 1 < n else ""
                    if e in ALLOWED_ESCAPES:
                        out.append(ALLOWED_ESCAPES[e])
                    else:
                        reasons.add("escapes")
                        out.append("\ufffd")
                    j += 2
                    continue
                if ord(ch) < 0x20 or ord(ch) == 0x7F:
                    reasons.add("control_chars")
                out.append(ch)
                j += 1
            toks.append(("str", "".join(out), src[i:j]))
            i = j
            continue
        m = re.match(r"0[xX][0-9a-fA-F]+[uU]?|\d*\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+[uU]?", src[i:])
        if m:
            text = m.group()
            if text[-1] in "uU":
                reasons.add("uint")
            elif text[:2] in ("0x", "0X") or text.startswith(".") or re.match(r"0\d", text):
                reasons.add("number_syntax")
            if re.fullmatch(r"\d+", text):
                toks.append(("int", int(text), text))
            elif text[-1] in "uU":
                toks.append(("uint", int(text[:-1], 0), text))
            elif text[:2] in ("0x", "0X"):
                toks.append(("int", int(text, 16), text))
            else:
                toks.append(("double", float(text), text))
            i += len(text)
            continue
        m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", src[i:])
        if m:
            toks.append(("ident", m.group(), m.group()))
            i += len(m.group())
            continue
        for p in _CEL_PUNCT:
            if src.startswith(p, i):
                toks.append(("punct", p, p))
                i += len(p)
                break
        else:  # e.g. CEL's backquoted field names
            reasons.add("syntax_other")
            toks.append(("punct", c, c))
            i += 1
    toks.append(("end", None, ""))
    return toks, reasons


MACROS = {"has", "all", "exists", "exists_one", "map", "filter"}
CONVERSIONS = {"int", "uint", "double", "string", "bytes", "bool", "type", "dyn", "timestamp", "duration"}
STRING_FUNCS = {"matches", "contains", "startsWith", "endsWith", "size", "charAt", "indexOf", "lastIndexOf",
                "lowerAscii", "upperAscii", "replace", "split", "substring", "trim", "join", "format", "quote",
                "reverse"}


def token_reasons(toks):
    """Exclusion reasons visible in the token stream (operators, member
    calls, indexing, functions, identifiers)."""
    reasons = set()
    for k, (kind, val, _) in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else ("end", None, "")
        prev = toks[k - 1] if k > 0 else ("end", None, "")
        if kind == "punct":
            if val in ("*", "/", "%"):
                reasons.add("arith_mul")
            elif val == "?":
                reasons.add("ternary")
            elif val == "{" or val == "}":
                reasons.add("maps_messages")
            elif val == ".":
                after = toks[k + 2] if k + 2 < len(toks) else ("end", None, "")
                if nxt[0] == "ident" and after[1] == "(" and nxt[1] in MACROS:
                    reasons.add("macros")
                elif nxt[0] == "ident" and after[1] == "(" and nxt[1] in STRING_FUNCS - {"size"}:
                    reasons.add("string_funcs")
                else:
                    reasons.add("member")  # member call (x.size() too) or field selection
            elif val == "[" and (prev[0] in ("str", "int", "uint", "double", "ident")
                                 and prev[1] not in ("in", "true", "false", "null")
                                 or prev[1] in (")", "]")):
                reasons.add("index")
        elif kind == "ident":
            if val in ("true", "false", "null", "in"):
                continue
            if prev[1] == ".":
                continue  # classified with its '.'

            if nxt[1] == "(":
                if val in MACROS:
                    reasons.add("macros")
                elif val in ("size", "duration", "timestamp"):
                    pass  # checked by the parser
                elif val in CONVERSIONS:
                    reasons.add("conversions")
                elif val in STRING_FUNCS:
                    reasons.add("string_funcs")
                else:
                    reasons.add("other_funcs")
            elif val in CONVERSIONS or val in ("null_type", "list", "map", "google", "cel"):
                reasons.add("conversions" if val in CONVERSIONS | {"null_type", "list", "map"} else "identifiers")
            elif nxt[1] != ":" and val != "`":  # not a field name
                reasons.add("identifiers")
    return reasons


# --------------------------------------------------------------------------
# Parser for relance's subset, with CEL's precedence
# --------------------------------------------------------------------------
# AST: ("lit", kind, value) kind in int|double|string|bool|null
#      ("list", [items]) ("not", x) ("neg", x) ("bin", op, a, b)
#      ("call", name, [args])

DUR_RE = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
TS_RE = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?(Z|[+-]\d\d:\d\d)")
EQUALITY = ("==", "!=")
ORDERING = ("<", "<=", ">", ">=", "in")

NS = 10**9
MAX_DURATION_S = (2**63 - 1) // 10**9  # CEL: durations are int64 nanoseconds (about ±292 years)
TS_MIN_S = -62_135_596_800  # 0001-01-01T00:00:00Z
TS_MAX_S = 253_402_300_799  # 9999-12-31T23:59:59Z


def parse_duration_literal(s: str) -> int:
    """Nanoseconds of a duration string both CEL and SPEC read the same way."""
    m = DUR_RE.fullmatch(s)
    if not s or not m:
        raise Exclude("duration_format", s)
    h, mi, se = (int(x) if x else 0 for x in m.groups())
    total = h * 3600 + mi * 60 + se
    if total > MAX_DURATION_S:
        raise Exclude("time_range", s)
    return total * NS


def parse_timestamp_literal(s: str) -> int:
    """Epoch nanoseconds of an RFC 3339 timestamp inside CEL's range."""
    m = TS_RE.fullmatch(s)
    if not m:
        raise Exclude("timestamp_format", s)
    y, mo, d, h, mi, se = (int(x) for x in m.groups()[:6])
    frac = (m.group(7) or "").ljust(3, "0")
    try:
        base = dt.datetime(y, mo, d, h, mi, se, tzinfo=dt.timezone.utc)
    except ValueError:
        raise Exclude("timestamp_format", s) from None
    off = m.group(8)
    off_s = 0 if off == "Z" else (1 if off[0] == "+" else -1) * (int(off[1:3]) * 3600 + int(off[4:6]) * 60)
    if off != "Z" and (int(off[1:3]) > 23 or int(off[4:6]) > 59):
        raise Exclude("timestamp_format", s)
    secs = (base - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)) // dt.timedelta(seconds=1) - off_s
    if not TS_MIN_S <= secs <= TS_MAX_S:
        raise Exclude("timestamp_format", s)
    return secs * NS + int(frac) * 10**6


class SubsetParser:
    """Recursive descent with CEL's grammar restricted to relance's subset."""

    def __init__(self, toks):
        self.toks = toks
        self.i = 0

    def peek(self):
        return self.toks[self.i]

    def take(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, val):
        t = self.take()
        if t[1] != val or t[0] not in ("punct",):
            raise Exclude("syntax_other", f"expected {val}")

    def parse(self):
        e = self.expr()
        if self.peek()[0] != "end":
            raise Exclude("syntax_other", "trailing tokens")
        return e

    def expr(self):
        return self.or_()

    def or_(self):
        e = self.and_()
        while self.peek()[1] == "||" and self.peek()[0] == "punct":
            self.take()
            e = ("bin", "||", e, self.and_())
        return e

    def and_(self):
        e = self.relation()
        while self.peek()[1] == "&&" and self.peek()[0] == "punct":
            self.take()
            e = ("bin", "&&", e, self.relation())
        return e

    def relation(self):
        # CEL puts == != < <= > >= in at one level; relance binds < <= > >= in
        # tighter than == !=. Chains mixing the two groups parse differently.
        e = self.addition()
        groups = set()
        while True:
            kind, val, _ = self.peek()
            if (kind == "punct" and val in EQUALITY + ORDERING) or (kind == "ident" and val == "in"):
                self.take()
                groups.add("eq" if val in EQUALITY else "ord")
                if len(groups) > 1:
                    raise Exclude("syntax_other", "relation chain mixing == and <")
                e = ("bin", val, e, self.addition())
            else:
                return e

    def addition(self):
        e = self.unary()
        while self.peek()[0] == "punct" and self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            e = ("bin", op, e, self.unary())
        return e

    def unary(self):
        kind, val, _ = self.peek()
        if kind == "punct" and val == "!":
            self.take()
            return ("not", self.unary())
        if kind == "punct" and val == "-":
            self.take()
            # CEL reads "-<int literal>" as one literal; same value here.
            return ("neg", self.unary())
        return self.primary()

    def primary(self):
        kind, val, text = self.take()
        if kind == "int":
            return ("lit", "int", val)
        if kind == "double":
            if math.isinf(val):
                raise Exclude("result_nan", text)
            return ("lit", "double", val)
        if kind == "str":
            return ("lit", "string", val)
        if kind == "punct" and val == "(":
            e = self.expr()
            self.expect(")")
            return e
        if kind == "punct" and val == "[":
            items = []
            while not (self.peek()[0] == "punct" and self.peek()[1] == "]"):
                items.append(self.expr())
                if self.peek()[1] == ",":
                    self.take()
                elif self.peek()[1] != "]":
                    raise Exclude("syntax_other", "list")
            self.take()
            return ("list", items)
        if kind == "ident":
            if val == "true":
                return ("lit", "bool", True)
            if val == "false":
                return ("lit", "bool", False)
            if val == "null":
                return ("lit", "null", None)
            if val in ("size", "duration", "timestamp") and self.peek()[1] == "(":
                self.take()
                args = []
                while self.peek()[1] != ")":
                    args.append(self.expr())
                    if self.peek()[1] == ",":
                        self.take()
                    elif self.peek()[1] != ")":
                        raise Exclude("syntax_other", "call")
                self.take()
                if len(args) != 1:
                    raise Exclude("other_funcs", f"{val} with {len(args)} arguments")
                a = args[0]
                if val == "duration":
                    if a[:2] != ("lit", "string"):
                        raise Exclude("conversions", "duration of a non-literal")
                    return ("call", "duration", [a], parse_duration_literal(a[2]))
                if val == "timestamp":
                    if a[:2] != ("lit", "string"):
                        raise Exclude("conversions", "timestamp of a non-string")
                    return ("call", "timestamp", [a], parse_timestamp_literal(a[2]))
                return ("call", "size", args, None)
            raise Exclude("identifiers", val)
        raise Exclude("syntax_other", f"unexpected {text!r}")


# --------------------------------------------------------------------------
# Two evaluators that only classify: CEL semantics and docs/SPEC.md §3 semantics.
# Values: ("int", n) ("double", f) ("string", s) ("bool", b) ("null", None)
#         ("list", [values]) ("duration", ns) ("timestamp", ns) ERR
# --------------------------------------------------------------------------

ERR = ("error", None)
NUMERIC = ("int", "double")

SPEC_ORDER_MISMATCH = ("docs/SPEC.md §3: \"`<`, `<=`, `>`, `>=` and `in` with mismatched types are `false`\" "
                       "(CEL: no matching overload, an error; so `!(EXPR)` is true under SPEC, not under CEL)")
SPEC_IN_MISMATCH = ("docs/SPEC.md §3: \"`<`, `<=`, `>`, `>=` and `in` with mismatched types are `false`\" "
                    "(CEL: `in` on a non-container is an error; so `!(EXPR)` is true under SPEC, not under CEL)")
SPEC_TIME_STRING = ("docs/SPEC.md §3: \"a string compared with a time is read as a time\" "
                    "(CEL: a timestamp never equals a string, and ordering them is an error)")


class Model:
    def __init__(self, spec: bool):
        self.spec = spec
        self.notes = set()  # why the SPEC reading differs from CEL's, when it does

    def num(self, kind, x):
        if kind == "int":
            if not self.spec and not -(2**63) <= x < 2**63:
                self.notes.add("int_overflow")
                return ERR
            if abs(x) > SAFE_INT:
                self.notes.add("int_precision")
            return ("int", x)
        if math.isnan(x) or math.isinf(x):
            self.notes.add("result_nan")
        return ("double", x)

    def eval(self, e):
        tag = e[0]
        if tag == "lit":
            if e[1] == "int":
                return self.num("int", e[2])
            return (e[1], e[2])
        if tag == "list":
            vals = [self.eval(x) for x in e[1]]
            return ERR if ERR in vals else ("list", vals)
        if tag == "not":
            v = self.eval(e[1])
            return ("bool", not v[1]) if v[0] == "bool" else ERR
        if tag == "neg":
            v = self.eval(e[1])
            if v[0] in NUMERIC:
                return self.num(v[0], -v[1])
            if v[0] == "duration":
                return self.span("duration", -v[1])
            return ERR
        if tag == "call":
            if e[1] == "duration":
                return ("duration", e[3])
            if e[1] == "timestamp":
                return ("timestamp", e[3])
            v = self.eval(e[2][0])
            if v[0] == "string":
                return ("int", len(v[1]))
            if v[0] == "list":
                return ("int", len(v[1]))
            return ERR
        if tag == "bin":
            op = e[1]
            if op in ("&&", "||"):
                return self.logic(op, self.eval(e[2]), self.eval(e[3]))
            a, b = self.eval(e[2]), self.eval(e[3])
            if a == ERR or b == ERR:
                return ERR
            if op in ("+", "-"):
                return self.arith(op, a, b)
            if op == "==":
                return ("bool", self.equal(a, b))
            if op == "!=":
                return ("bool", not self.equal(a, b))
            if op == "in":
                if b[0] != "list":
                    if self.spec:
                        self.notes.add(SPEC_IN_MISMATCH)
                        return ("bool", False)
                    return ERR
                return ("bool", any(self.equal(a, x) for x in b[1]))
            return self.order(op, a, b)
        raise AssertionError(e)

    def logic(self, op, a, b):
        decide = op == "||"  # the deciding value
        if a == ("bool", decide) or b == ("bool", decide):
            return ("bool", decide)
        if a[0] == "bool" and b[0] == "bool":
            return ("bool", not decide)
        return ERR

    def arith(self, op, a, b):
        ka, kb = a[0], b[0]
        if ka in NUMERIC and kb in NUMERIC:
            if ka != kb:
                if not self.spec:
                    return ERR
                self.notes.add("int_double")
                kind = "double"
            else:
                kind = ka
            return self.num(kind, a[1] + b[1] if op == "+" else a[1] - b[1])
        if op == "+" and ka == kb and ka in ("string", "list"):
            return (ka, a[1] + b[1])
        if ka == kb == "duration":
            return self.span("duration", a[1] + b[1] if op == "+" else a[1] - b[1])
        if ka == "timestamp" and kb == "duration":
            return self.span("timestamp", a[1] + b[1] if op == "+" else a[1] - b[1])
        if op == "+" and ka == "duration" and kb == "timestamp":
            return self.span("timestamp", a[1] + b[1])
        if op == "-" and ka == kb == "timestamp":
            return self.span("duration", a[1] - b[1])
        return ERR

    def span(self, kind, ns):
        if kind == "duration":
            ok = -(2**63) <= ns < 2**63
        else:
            ok = TS_MIN_S * NS <= ns <= TS_MAX_S * NS + NS - 1
        if not ok:
            self.notes.add("time_range")
            if not self.spec:
                return ERR
        return (kind, ns)

    def equal(self, a, b):
        if a[0] in NUMERIC and b[0] in NUMERIC:
            return a[1] == b[1]  # NaN never equals
        if {a[0], b[0]} == {"timestamp", "string"}:
            self.notes.add(SPEC_TIME_STRING)
            if self.spec:
                s = a[1] if a[0] == "string" else b[1]
                t = b[1] if a[0] == "string" else a[1]
                try:
                    return parse_timestamp_literal(s) // 10**6 == t // 10**6
                except Exclude:
                    return False
            return False
        if a[0] != b[0]:
            return False
        if a[0] == "list":
            return len(a[1]) == len(b[1]) and all(self.equal(x, y) for x, y in zip(a[1], b[1]))
        if a[0] in ("timestamp", "duration") and self.spec:
            return a[1] // 10**6 == b[1] // 10**6
        return a[1] == b[1]

    def order(self, op, a, b):
        ka, kb = a[0], b[0]
        if ka in NUMERIC and kb in NUMERIC or ka == kb and ka in ("string", "bool", "duration", "timestamp"):
            x, y = a[1], b[1]
            if ka == "string":  # by code point
                x, y = [ord(c) for c in x], [ord(c) for c in y]
            res = {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]
            return ("bool", res)
        if {ka, kb} == {"timestamp", "string"}:
            self.notes.add(SPEC_TIME_STRING)
            return ERR
        if self.spec and ka != kb and not (ka in NUMERIC and kb in NUMERIC):
            self.notes.add(SPEC_ORDER_MISMATCH)
            return ("bool", False)
        return ERR  # same type, not ordered (null, list): an error in both


# --------------------------------------------------------------------------
# Expected values
# --------------------------------------------------------------------------


def expected_of(test: Msg):
    """("value", v) or ("error", None) from the test's result matcher, as a
    model value; raises Exclude for results outside the subset."""
    if test.has("eval_error") or test.has("any_eval_errors"):
        return ("error", None)
    if test.has("unknown") or test.has("any_unknowns"):
        raise Exclude("harness", "unknown result")
    if test.has("typed_result"):
        v = test.get("typed_result").get("result")
        if v is None:
            raise Exclude("harness", "typed_result without a result")
    elif test.has("value"):
        v = test.get("value")
    else:
        return ("value", ("bool", True))  # an unspecified result means true
    return ("value", value_of(v))


def value_of(v: Msg):
    names = [n for n in v.names()]
    if not names:
        raise Exclude("result_other", "empty value")
    kind = names[0]
    x = v.get(kind)
    if kind == "bool_value":
        return ("bool", x == "true")
    if kind == "int64_value":
        n = int(x)
        if abs(n) > SAFE_INT:
            raise Exclude("int_precision", x)
        return ("int", n)
    if kind == "uint64_value":
        raise Exclude("result_uint")
    if kind == "double_value":
        f = float(x)
        if math.isnan(f) or math.isinf(f):
            raise Exclude("result_nan", x)
        return ("double", f)
    if kind == "string_value":
        return ("string", bytes(x).decode("utf-8"))
    if kind == "bytes_value":
        raise Exclude("result_bytes")
    if kind == "null_value":
        return ("null", None)
    if kind == "list_value":
        return ("list", [value_of(i) for i in x.all("values")])
    if kind == "map_value":
        raise Exclude("result_map")
    if kind == "object_value":
        [(url, body)] = x.fields
        if url == "[type.googleapis.com/google.protobuf.Duration]":
            return ("duration", int(body.get("seconds", "0")) * NS + int(body.get("nanos", "0")))
        if url == "[type.googleapis.com/google.protobuf.Timestamp]":
            return ("timestamp", int(body.get("seconds", "0")) * NS + int(body.get("nanos", "0")))
        raise Exclude("result_other", url)
    raise Exclude("result_other", kind)


def literal_of(v) -> str:
    """A docs/SPEC.md §3 literal for a model value."""
    kind, x = v
    if kind == "bool":
        return "true" if x else "false"
    if kind == "null":
        return "null"
    if kind == "int":
        return str(x)
    if kind == "double":
        r = repr(x)
        return r if r[0] != "-" else "-" + r[1:]
    if kind == "string":
        out = []
        for c in x:
            if c == "\\":
                out.append("\\\\")
            elif c == '"':
                out.append('\\"')
            elif c == "\n":
                out.append("\\n")
            elif c == "\t":
                out.append("\\t")
            elif ord(c) < 0x20 or ord(c) == 0x7F:
                raise Exclude("result_string", repr(x))
            else:
                out.append(c)
        return '"' + "".join(out) + '"'
    if kind == "list":
        return "[" + ", ".join(literal_of(i) for i in x) + "]"
    if kind == "duration":
        if x < 0 or x % NS:
            raise Exclude("result_other", "duration not writable as duration(\"Ns\")")
        return f'duration("{x // NS}s")'
    if kind == "timestamp":
        if x % 10**6:
            raise Exclude("result_other", "sub-millisecond timestamp")
        t = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(microseconds=x // 1000)
        return f'timestamp("{t.strftime("%Y-%m-%dT%H:%M:%S")}.{t.microsecond // 1000:03d}Z")'
    raise AssertionError(v)


def same_value(a, b) -> bool:
    """CEL value equality of a model value with an expected value (the
    harness' matcher: types matter, except int/double here, which the vector
    compares numerically)."""
    if a[0] in NUMERIC and b[0] in NUMERIC:
        return a[1] == b[1]
    if a[0] != b[0]:
        return False
    if a[0] == "list":
        return len(a[1]) == len(b[1]) and all(same_value(x, y) for x, y in zip(a[1], b[1]))
    return a[1] == b[1]


# --------------------------------------------------------------------------
# relance's nesting count (docs/SPEC.md §3 bounds it; the count mirrors the parser's:
# every expression, list, call and unary operator is one level)
# --------------------------------------------------------------------------


def relance_depth(src: str) -> int:
    toks, _ = cel_tokens(src)
    bp = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4, "in": 4, "+": 5, "-": 5}
    pos = 0
    depth = 0
    deepest = 0

    def enter():
        nonlocal depth, deepest
        depth += 1
        deepest = max(deepest, depth)

    def expr(min_bp):
        nonlocal pos, depth
        enter()
        prefix()
        while toks[pos][1] in bp and toks[pos][0] in ("punct", "ident") and bp[toks[pos][1]] > min_bp:
            b = bp[toks[pos][1]]
            pos += 1
            expr(b)
        depth -= 1

    def items(close):
        nonlocal pos, depth
        enter()
        while toks[pos][1] != close:
            expr(0)
            if toks[pos][1] == ",":
                pos += 1
        pos += 1
        depth -= 1

    def prefix():
        nonlocal pos, depth
        kind, val, _ = toks[pos]
        pos += 1
        if kind == "punct" and val in ("!", "-"):
            enter()
            prefix()
            depth -= 1
        elif kind == "punct" and val == "(":
            expr(0)
            pos += 1
        elif kind == "punct" and val == "[":
            items("]")
        elif kind == "ident" and toks[pos][1] == "(":
            pos += 1
            items(")")

    expr(0)
    return deepest


# --------------------------------------------------------------------------
# Classification of one test
# --------------------------------------------------------------------------


def checks_of(expr: str, expected):
    """The (suffix, condition, allowed) rules of a case."""
    if expected[0] == "error":
        return [("e", expr, False), ("ne", f"!({expr})", False)]
    v = expected[1]
    if v == ("bool", True):
        return [("t", expr, True)]
    if v == ("bool", False):
        return [("f", expr, False), ("nt", f"!({expr})", True)]
    return [("v", f"({expr}) == {literal_of(v)}", True)]


def classify(test: Msg):
    """Returns the list of checks of an included test, or raises Exclude
    with its first reason (in the order of REASONS); the exception's `all`
    holds every reason found, for the statistics."""
    found = {}

    def note(reason, detail=""):
        found.setdefault(reason, detail)

    def fail():
        first = next(r for r in REASONS if r in found)
        ex = Exclude(first, found[first])
        ex.all = set(found)
        raise ex

    if test.has("bindings") or test.has("type_env"):
        note("variables")
    for f in ("check_only", "container", "locale"):
        if test.has(f) and test.get(f) not in ("false", b""):
            note("harness", f)
    expected = None
    try:
        expected = expected_of(test)
    except Exclude as ex:
        note(ex.reason, ex.detail)
    expr = bytes(test.get("expr")).decode("utf-8")
    ast = None
    try:
        toks, reasons = cel_tokens(expr)
        reasons |= token_reasons(toks)
        if "variables" in found:
            reasons.discard("identifiers")  # declared
        for r in reasons:
            note(r)
        if not reasons:
            ast = SubsetParser(toks).parse()
    except Exclude as ex:
        note(ex.reason, ex.detail)
    if ast is None or expected is None:
        fail()

    cel, spec = Model(spec=False), Model(spec=True)
    got = cel.eval(ast)
    spec.eval(ast)
    for reason in ("int_overflow", "int_precision", "result_nan", "time_range"):
        if reason in cel.notes or reason in spec.notes:
            note(reason)
    if expected[0] == "error":
        if got != ERR:
            note("model", f"CEL model gives {got}, CEL expects an error")
    elif got == ERR or not same_value(got, expected[1]):
        note("model", f"CEL model gives {got}, CEL expects {expected[1]}")
    try:
        checks = checks_of(expr, expected)
    except Exclude as ex:
        note(ex.reason, ex.detail)
        fail()

    # The SPEC reading of each check: exactly `true` or not.
    for _, cond, allowed in checks:
        m = Model(spec=True)
        c_toks, _ = cel_tokens(cond)
        res = m.eval(SubsetParser(c_toks).parse())
        if (res == ("bool", True)) != allowed:
            notes = sorted(n for n in m.notes if n.startswith("SPEC"))
            if notes:
                note("spec", notes[0])
            elif "int_double" in m.notes:
                note("int_double")
            else:
                note("model", f"SPEC model gives {res} for {cond!r}")
    for _, cond, _ in checks:
        if len(cond.encode("utf-8")) > MAX_LENGTH or relance_depth(cond) > MAX_DEPTH:
            note("limits")
    if found:
        fail()
    return checks


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def sanitize(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return s[:40].rstrip("_") or "case"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="cel-spec git directory, or an exported cel-spec directory")
    ap.add_argument("--commit", help="commit of the source (required for an exported directory)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--no-readme", action="store_true", help="do not rewrite the generated part of README.md")
    args = ap.parse_args()
    commit, files = read_suite(args.source, args.commit)

    statuses = [{"id": "start", "category": "open", "initial": True}]
    transitions = []
    expect = [{
        "status": "start", "label": "start", "allowed": False, "needs": [],
        "violations": [{"code": "no_transition", "message": "A lead cannot move from start to start",
                        "params": {"from": "start", "to": "start", "fromLabel": "start", "toLabel": "start"}}],
    }]
    refused = [{"code": "condition_failed", "message": "The conditions of this move are not met", "params": {}}]

    seen = 0
    excluded = Counter()
    uses = Counter()  # every reason a case has, not only its first
    contradicted = []  # (name, expr, expected, sentence)
    model_gaps = []
    sections = OrderedDict()  # "file / section" -> [seen, included]
    n = 0
    for fname, text in files:
        doc = parse_textproto(text)
        for section in doc.all("section"):
            key = f"{fname} / {bytes(section.get('name')).decode()}"
            sections.setdefault(key, [0, 0])
            for test in section.all("test"):
                seen += 1
                sections[key][0] += 1
                tname = bytes(test.get("name")).decode()
                full = f"{fname[:-len('.textproto')]}/{bytes(section.get('name')).decode()}/{tname}"
                try:
                    checks = classify(test)
                except Exclude as ex:
                    excluded[ex.reason] += 1
                    for r in ex.all:
                        uses[r] += 1
                    if ex.reason == "spec":
                        exp = expected_of(test)
                        contradicted.append((full, bytes(test.get("expr")).decode(),
                                             "an error" if exp[0] == "error" else literal_of(exp[1]), ex.detail))
                    elif ex.reason == "model":
                        model_gaps.append((full, bytes(test.get("expr")).decode(), ex.detail))
                    continue
                n += 1
                sections[key][1] += 1
                for suffix, cond, allowed in checks:
                    sid = f"c{n:04d}_{sanitize(tname)}_{suffix}"
                    statuses.append({"id": sid, "label": {"en": full}, "category": "open"})
                    transitions.append({"from": "start", "to": sid, "when": cond})
                    expect.append({"status": sid, "label": full, "allowed": allowed, "needs": [],
                                   "violations": [] if allowed else refused})

    ids = [s["id"] for s in statuses]
    assert len(ids) == len(set(ids)), "status ids must be unique"
    vector = {
        "description": (
            f"CEL conformance cases inside docs/SPEC.md §3's condition language, derived from "
            f"tests/simple/testdata/*.textproto of https://github.com/google/cel-spec at commit {commit} "
            f"(licence Apache-2.0) by tests/cel/extract.py; regenerate with that script, do not edit. "
            f"Each status is one check: `start` -> status is allowed exactly when its condition is true. "
            f"{n} CEL cases, {len(transitions)} checks."
        ),
        "workflow": {"id": "cel-conformance", "version": 1, "statuses": statuses, "transitions": transitions},
        "cases": [{
            "name": "every CEL case: allowed exactly when CEL's expected value makes the condition true",
            "op": "options",
            "args": [{"id": "L", "status": "start"}, {"now": "2026-01-01T00:00:00Z"}],
            "expect": expect,
        }],
    }
    Path(args.out).write_text(json.dumps(vector, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    report = summary(commit, seen, n, len(transitions), excluded, uses, contradicted, model_gaps, sections)
    print(report)
    if not args.no_readme and README.exists():
        text = README.read_text("utf-8")
        begin, end = "<!-- BEGIN GENERATED by extract.py -->", "<!-- END GENERATED -->"
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            _, tail = rest.split(end, 1)
            README.write_text(head + begin + "\n" + report + "\n" + end + tail, encoding="utf-8")


def md_code(s: str) -> str:
    s = s.replace("|", "\\|")
    return "`` " + s + " ``" if "`" in s else "`" + s + "`"


def summary(commit, seen, included, checks, excluded, uses, contradicted, model_gaps, sections):
    out = [f"Source: google/cel-spec commit `{commit}` (Apache-2.0).", "",
           f"Cases seen: **{seen}**; included: **{included}** ({checks} checks); "
           f"excluded: **{sum(excluded.values())}**.", "",
           "| Excluded because | Cases (first reason) | Cases (any reason) |", "|---|---:|---:|"]
    for r, text in REASONS.items():
        out.append(f"| {text} | {excluded[r]} | {uses[r]} |")
    out += ["", "The first count places each excluded case once, under the first reason of this table that "
            "applies to it (they add up to the excluded total); the second counts every case the reason applies "
            "to. The reasons found by parsing or evaluating the expression (`duration()` and `timestamp()` strings, "
            "overflow, precision, int/double, ranges, the SPEC model, limits) are only looked for in cases whose "
            "syntax is inside the subset.", ""]
    out += ["### Cases docs/SPEC.md §3 contradicts", ""]
    if contradicted:
        out += ["| CEL case | Expression | CEL expects | docs/SPEC.md §3 |", "|---|---|---|---|"]
        for name, expr, exp, why in contradicted:
            out.append(f"| {name} | {md_code(expr)} | {md_code(exp) if exp != 'an error' else exp} | {why} |")
    else:
        out.append("None.")
    if model_gaps:
        out += ["", "### Cases this extraction did not understand", ""]
        for name, expr, why in model_gaps:
            out.append(f"- {name}: {md_code(expr)}: {why}")
    out += ["", "### Included cases by file and section", "", "| File / section | Seen | Included |",
            "|---|---:|---:|"]
    for key, (s, i) in sections.items():
        if i:
            out.append(f"| {key} | {s} | {i} |")
    per_file = OrderedDict()
    for key, (s, i) in sections.items():
        f = per_file.setdefault(key.split(" / ")[0].replace(".textproto", ""), [0, 0])
        f[0] += s
        f[1] += i
    empty = [f"{f} ({s})" for f, (s, i) in per_file.items() if not i]
    if empty:
        out += ["", "Files with no included case (cases seen): " + ", ".join(empty) + "."]
    return "\n".join(out)


if __name__ == "__main__":
    main()
