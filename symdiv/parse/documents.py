r"""Chains of equalities from LaTeX and Markdown documents.

A derivation on paper is a chain ``a = b = c = d``; in LaTeX it is usually
an ``align*`` environment with one ``&=`` per row::

    \begin{align*}
    H(P, Q) &= -\sum_{i=1}^{n} p_i \log q_i \\
            &= H(P) + D_{KL}(P \| Q)          && \text{definition}
    \end{align*}

:func:`read_chains` finds the display blocks (``align``, ``align*``,
``aligned``, ``equation``, ``gather``, ``\[...\]`` and ``$$...$$``), splits
them into rows, drops what is commentary (``&& \text{...}``, words after
``\quad``, ``\tag``, ``\label``, a final full stop), and parses every link of
every chain with its line and column, so a report can point at the source.
As in a statement, ``\quad`` followed by an operator (``\quad - \sum_i ...``)
only spaces the formula out.

A link may also be claimed different from the one before (``\neq``): that
step holds when the two differ for some distributions; or related to it by
an inequality (``&\leq``, ``&\geq``, ``<``, ``>``), decided on its own, as
Jensen's step in a proof of Gibbs' inequality is.  A chain of objectives
(``\arg\min_\theta f = \arg\min_\theta g = ...``, maybe after ``\hat\theta =``,
which names the optimiser) claims at each ``=`` that two objectives have the
same minimisers.

A display that only declares explicit distributions, ``P = (1/2, 1/2)``
(or a joint table of random variables, ``P_{XY} = [[1/8, 1/16], [1/16, 3/4]]``),
binds them for the rest of the document; ``where P = (1/2, 1/2)`` at the end
of a chain binds them for that chain.  Each chain is read in its own scope
(:func:`~symdiv.parse.parser.statement_scope`): the letter its sums run to is
its alphabet size.

Rules for rows: a row starting with ``=`` continues the chain above; a row
with something before its ``=`` starts a new chain; a row without ``=``
continues the expression above (a long line broken in two).

>>> text = "$$\nH(P,Q) = H(P) + D(P||Q)\n$$\n"
>>> (chain,) = read_chains(text, origin="notes.md")
>>> [(link.line, str(link.expr)) for link in chain.links]
[(2, 'H(P, Q)'), (2, 'H(P) + D_KL(P||Q)')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from sympy import Basic, Expr, Rational, Symbol

from ..core.model import component_index
from ..errors import ParseError, source_position
from .lexer import DECLARES_AFTER, MAX_LENGTH, NOT_EQUAL, RELATIONS, Token, quad_continues, tokenize
from .parser import (INEQUALITIES, THETA, Parser, Scope, check_gradients, component_for, read_where, statement_scope,
                     where_clause, with_declared)

__all__ = ["Link", "Chain", "Declaration", "read_chains", "MAX_DOCUMENT", "MAX_BLOCKS"]

#: Largest document read (characters); each block is also limited by MAX_LENGTH.
MAX_DOCUMENT = 2_000_000
#: Most display blocks read from one document: each is parsed and each step proved, so the
#: count bounds the work a document can ask for (a lecture has dozens, a book chapter hundreds).
MAX_BLOCKS = 500

_ENVIRONMENTS = ("align", "align*", "aligned", "equation", "equation*", "gather", "gather*",
                 "multline", "multline*", "flalign", "flalign*", "alignat", "alignat*", "eqnarray", "eqnarray*")
#: Wrappers inside a display that only lay rows out: their markers are blanked.
_INNER = re.compile(r"\\(?:begin|end)\{(?:aligned|split|gathered|alignedat)\}(?:\[[a-z]\])?(?:\{\d+\})?")
# (?<!\\): an escaped \$\$ is not math, and the \[ of a line break \\[2pt] opens no display.
_OPENER = re.compile(r"(?<!\\)\$\$|(?<!\\)\\\[|\\begin\{(" + "|".join(re.escape(e) for e in _ENVIRONMENTS) + r")\}(\{\d+\})?")
_FENCE = re.compile(r"^[ \t]*(```|~~~)", re.M)
_ANNOTATION = re.compile(r"&\s*&|\\q?quad\b|\\tag\b|\\hspace\b|\\text\s*\{[^{}]*\}\s*$|\\mbox\s*\{[^{}]*\}\s*$")


@dataclass(frozen=True)
class Link:
    """One expression of a chain, where it was written, and the commentary after it."""

    expr: Expr
    line: int
    column: int
    source: str
    annotation: str = ""
    #: How it relates to the link before it: ``=``, ``!=`` (``\neq``), or an inequality: ``<=`` (``\leq``),
    #: ``>=`` (``\geq``), ``<``, ``>``.
    relation: str = "="
    #: What it divides by: the link is only claimed where these are not 0.
    nonzero: tuple[Expr, ...] = ()
    #: For an objective (``\arg\min_\theta f``): ``"min"`` or ``"max"``, and *expr* is f; its
    #: relation to the link before is then ``~``, the same minimisers.
    sense: Optional[str] = None


@dataclass(frozen=True)
class Chain:
    """``links[0] = links[1] = ...``, read from the block that starts at *line*.

    *component* is the index vector-valued links are read at (None if none is).
    """

    links: tuple[Link, ...]
    line: int
    environment: str
    component: Optional[Symbol] = None
    #: For a chain of objectives: the parameters they are optimised over.
    wrt: tuple[Basic, ...] = ()
    #: The ``\hat\theta`` that names the optimiser at the head of a chain of objectives (as written).
    optimiser: str = ""


@dataclass(frozen=True)
class Declaration:
    """``P = (1/2, 1/2)``, or a joint table ``P_{XY} = [[...]]``: a display declaring an explicit
    distribution for the rest of the document."""

    name: str
    values: tuple[Rational, ...]
    line: int
    column: int
    source: str
    #: For a joint table (``P_{XY} = [[1/8, 1/16], [1/16, 3/4]]``): the joint's name is lower case, and
    #: its variables and shape are in alphabetical order (the values transposed to match).
    variables: tuple[str, ...] = ()
    shape: tuple[int, ...] = ()


@dataclass
class _Piece:
    tokens: list[Token]
    relation: Optional[Token]  # the '=' before it
    annotation: str = ""
    where: list[Token] = field(default_factory=list)  # the declarations of a where clause after it


def read_chains(text: str, *, origin: str = "", scope: Optional[Scope] = None,
                skipped: Optional[list[ParseError]] = None,
                declarations: Optional[list[Declaration]] = None) -> tuple[Chain, ...]:
    """Every chain of equalities in the display math of a ``.tex`` or ``.md`` text.

    Blocks without an ``=`` are not claims and are left out.  Raises
    :class:`~symdiv.errors.ParseError` with the file's line and column; with
    a *skipped* list, a block that cannot be read is recorded there (its
    error) and the blocks after it are still read.  Declarations
    (``P = (1/2, 1/2)``) are read in document order and hold for what comes
    after them; with a *declarations* list, they are recorded there.
    """
    if len(text) > MAX_DOCUMENT:
        raise ParseError(f"the document is too long ({len(text)} characters; the limit is {MAX_DOCUMENT})",
                         text, 0, origin=origin)
    scope = scope or Scope()
    # Everything below reads the masked text (comments, code and layout-only
    # markers blanked, offsets unchanged); errors quote the original.
    masked = _masked(text)
    chains: list[Chain] = []
    try:
        for count, (env, start, end) in enumerate(_blocks(masked, origin), start=1):
            if count > MAX_BLOCKS:
                raise ParseError(f"the document has more than {MAX_BLOCKS} display blocks; the limit is "
                                 f"{MAX_BLOCKS}: split it into several files", masked, start)
            if end - start > MAX_LENGTH:
                raise ParseError(f"this display block is too long ({end - start} characters; the limit is "
                                 f"{MAX_LENGTH}): split it", masked, start)
            try:
                found, declared, block_scope = [], [], scope
                for pieces in _chains_in_block(masked, start, end, origin):
                    these = _declarations(text, masked, pieces, block_scope, origin)
                    if not these:
                        found.append(_parse_chain(text, masked, pieces, env, block_scope, origin))
                        continue
                    declared += these
                    block_scope = with_declared(block_scope, ((d.name, d.values, None, None, d.variables, d.shape)
                                                              for d in these))
                chains += found
                scope = block_scope
                if declarations is not None:
                    declarations += declared
            except ParseError as exc:
                if skipped is None:
                    raise
                skipped.append(ParseError(exc.message, text, exc.offset, origin=origin))
    except ParseError as exc:
        raise ParseError(exc.message, text, exc.offset, origin=origin) from None
    return tuple(chains)


# -- finding blocks -------------------------------------------------------------
def _masked(text: str) -> str:
    """*text* with LaTeX comments and Markdown code blanked out (same length, same lines)."""
    out = list(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    fences = list(_FENCE.finditer(text))
    k = 0
    while k < len(fences):
        opener = fences[k]
        close = next((f for f in fences[k + 1:] if f.group(1) == opener.group(1)), None)
        end = close.end() if close else len(text)
        blank(opener.start(), end)
        k = fences.index(close) + 1 if close else len(fences)
    for m in re.finditer(r"(?<!\\)%[^\n]*", "".join(out)):
        blank(m.start(), m.end())
    for m in _INNER.finditer("".join(out)):
        blank(m.start(), m.end())
    return "".join(out)


def _blocks(masked: str, origin: str) -> list[tuple[str, int, int]]:
    """``(environment, body start, body end)`` of every outermost display block."""
    blocks = []
    pos = 0
    while True:
        m = _OPENER.search(masked, pos)
        if m is None:
            return blocks
        token = m.group(0)
        if token == "$$":
            env, closer = "$$", re.compile(r"(?<!\\)\$\$")
        elif token == "\\[":
            env, closer = "\\[", re.compile(r"(?<!\\)\\\]")
        else:
            env = m.group(1)
            closer = re.compile(r"\\end\{" + re.escape(env) + r"\}")
        close = closer.search(masked, m.end())
        if close is None:
            raise ParseError(f"the {token} block is never closed", masked, m.start(), origin=origin)
        blocks.append((env, m.end(), close.start()))
        pos = close.end()


# -- rows and chains --------------------------------------------------------------
def _rows(masked: str, start: int, end: int) -> list[tuple[int, str]]:
    """``(offset, masked text)`` of each row of a block body, split at top-level ``\\\\`` (and any ``[2pt]``)."""
    body = masked[start:end]
    rows, depth, row_start, k = [], 0, 0, 0
    while k < len(body):
        ch = body[k]
        if ch == "\\" and body.startswith("\\\\", k) and depth == 0:
            rows.append((start + row_start, start + k))
            k += 2
            spacing = re.match(r"\s*\[[^\]]*\]", body[k:])
            if spacing:
                k += spacing.end()
            row_start = k
            continue
        if ch == "\\":
            k += 2
            continue
        depth += (ch == "{") - (ch == "}")
        k += 1
    rows.append((start + row_start, start + len(body)))
    return [(a, masked[a:b]) for a, b in rows]


def _strip_row(row: str, text: str, offset: int, origin: str) -> tuple[int, str]:
    """The length of the mathematics in *row* (which starts at *offset*) and the commentary after it."""
    cut = len(row)
    for m in _ANNOTATION.finditer(row):
        if m.group().endswith("quad") and (quad_continues(row, 0, len(row), m.start(), m.end())
                                           or DECLARES_AFTER.match(row, m.end())):
            continue  # \quad - \sum ..., \quad where P = ...: spacing inside the formula, as symdiv prove reads it
        if row[:m.start()].replace("&", "").strip():
            cut = m.start()
            break
        # else: nothing before it, so spacing that indents a row (&\quad \log ...), not commentary
    amps = [k for k in range(cut) if row[k] == "&" and (k == 0 or row[k - 1] != "\\")]
    if len(amps) >= 2:
        # A third alignment column: commentary, unless it holds a second equation.
        if "=" in row[amps[1]:cut]:
            raise ParseError("two equations in one row (several alignment columns) cannot be checked: "
                             "put each on its own row", text, offset + amps[1], origin=origin)
        cut = amps[1]
    note = row[cut:]
    math = row[:cut].rstrip()
    if math.endswith((".", ",", ";")):
        math = math[:-1]
    note = re.sub(r"\\(?:text|mbox|textrm)\s*\{([^{}]*)\}", r"\1", note)
    note = re.sub(r"\\q?quad|&|\\tag\{[^{}]*\}|\\hspace\{[^{}]*\}", " ", note)
    note = " ".join(note.split())
    if re.match(r"where\b.*=", note):
        raise ParseError("a declaration inside commentary is not read: write it as mathematics, "
                         "\\quad \\text{where } P = (1/2, 1/2), or declare P in a display of its own",
                         text, offset + cut, origin=origin)
    return len(math), note


def _chains_in_block(masked: str, start: int, end: int, origin: str) -> list[list[_Piece]]:
    chains: list[list[_Piece]] = []
    current: list[_Piece] = []

    def flush() -> None:
        if len(current) >= 2:
            chains.append(list(current))
        current.clear()

    for row_start, masked_row in _rows(masked, start, end):
        length, note = _strip_row(masked_row, masked, row_start, origin)
        tokens = tokenize(masked, row_start, row_start + length, origin=origin)[:-1]
        tokens, where = where_clause(tokens)
        if not tokens:
            continue
        pieces = _split_at_equals(tokens, masked, origin)
        pieces[-1].where = where
        if note:
            pieces[-1].annotation = note
        if len(pieces) == 1:
            if current:
                current[-1].tokens += pieces[0].tokens   # a long expression broken over rows
                current[-1].annotation = current[-1].annotation or note
            else:
                current.append(pieces[0])
            continue
        first, rest = pieces[0], pieces[1:]
        if first.tokens:
            flush()
            current.append(first)
        elif not current:
            raise ParseError("this row starts with '=' but no expression comes before it",
                             masked, rest[0].relation.start, origin=origin)
        for piece in rest:
            if not piece.tokens:
                raise ParseError("nothing follows this '='", masked, piece.relation.start, origin=origin)
        current.extend(rest)
    flush()
    return chains


def _split_at_equals(tokens: list[Token], text: str, origin: str) -> list[_Piece]:
    pieces = [_Piece([], None)]
    depth = 0
    for tok in tokens:
        if tok.kind == "op" and tok.value in ("(", "[", "{"):
            depth += 1
        elif tok.kind == "op" and tok.value in (")", "]", "}"):
            depth -= 1
        if depth == 0 and tok.kind == "op" and tok.value in RELATIONS and tok.value not in NOT_EQUAL \
                and tok.value not in INEQUALITIES:
            raise ParseError(f"unsupported relation {tok.value!r}: only chains of '=', '\\neq' and the inequalities "
                             f"'\\leq', '\\geq', '<', '>' can be checked", text, tok.start, origin=origin)
        if depth == 0 and tok.kind == "op" and (tok.value in ("=", *NOT_EQUAL) or tok.value in INEQUALITIES):
            pieces.append(_Piece([], tok))
        elif tok.kind == "row":
            raise ParseError("unexpected line break '\\\\'", text, tok.start, origin=origin)
        else:
            pieces[-1].tokens.append(tok)
    return pieces


def _relation(tok: Optional[Token]) -> str:
    """The relation a link claims with the one before it: ``=``, ``!=``, ``<=``, ``>=``, ``<`` or ``>``."""
    if tok is None or tok.value == "=":
        return "="
    return "!=" if tok.value in NOT_EQUAL else INEQUALITIES[tok.value]


def _declarations(text: str, masked: str, pieces: list[_Piece], scope: Scope, origin: str) -> list[Declaration]:
    """The declarations ``P = (1/2, 1/2), Q = ...`` that *pieces* spell, or [] if they are a chain."""
    tokens = pieces[0].tokens + [t for p in pieces[1:] for t in [p.relation] + p.tokens]
    eof = Token("eof", "", tokens[-1].end, tokens[-1].end)
    parser = Parser(tokens + [eof], masked, scope, component_index("j"), origin)
    if any(p.where for p in pieces) or not parser.declaration_ahead():
        return []
    out = []
    for name, values, first, last, variables, shape in parser.declarations():
        line, column = source_position(text, first.start)
        out.append(Declaration(name, values, line, column, " ".join(text[first.start:last.end].split()),
                               variables, shape))
    return out


def _parse_chain(text: str, masked: str, pieces: list[_Piece], env: str, scope: Scope, origin: str) -> Chain:
    where = [t for p in pieces for t in p.where]
    tables = scope.tables
    if where:  # where P = (1/2, 1/2): for this chain only
        scope = read_where(where, masked, scope, origin)
    optimiser = ""
    head = [t.value for t in pieces[0].tokens]
    if head in (["hat", THETA], ["hat", "{", THETA, "}"]) and pieces[0].tokens[0].kind == "cmd":
        first, last = pieces[0].tokens[0], pieces[0].tokens[-1]
        optimiser = text[first.start:last.end]
        pieces = pieces[1:]
        if len(pieces) < 2:
            raise ParseError("\\hat\\theta = \\arg\\min_\\theta f only names the optimiser of f: a chain "
                             "compares it with another objective, = \\arg\\min_\\theta g", masked, first.start,
                             origin=origin)
    objectives = [p.tokens[0].kind == "name" and p.tokens[0].value in ("argmin", "argmax") for p in pieces]
    if (optimiser or any(objectives)) and not all(objectives):
        odd = pieces[objectives.index(False)].tokens[0]
        raise ParseError("a chain of objectives compares arg mins: every link is \\arg\\min_\\theta f or "
                         "\\arg\\max_\\theta f (the same minimisers), none a value", masked, odd.start,
                         origin=origin)
    all_tokens = [t for p in pieces for t in p.tokens]
    scope = statement_scope(all_tokens, scope, masked, origin, variables=scope.tables != tables)
    component = component_for(all_tokens, scope)
    links, parsers, vector, wrt = [], [], False, ()
    for k, piece in enumerate(pieces):
        first, last = piece.tokens[0], piece.tokens[-1]
        eof = Token("eof", "", last.end, last.end)
        parser = Parser(piece.tokens + [eof], masked, scope, component, origin)
        sense = None
        relation = _relation(piece.relation) if k else "="
        if objectives[k]:
            if relation != "=":
                raise ParseError(f"two objectives are compared with '=' (the same minimisers), not "
                                 f"{text[piece.relation.start:piece.relation.end]}", masked, piece.relation.start,
                                 origin=origin)
            sense, wrt, value = parser.within_stack(lambda: parser.objective(wrt))
            parser.end()
            relation = "~" if k else "="
        else:
            value = parser.expression()
        expr = parser.number(value)
        parsers.append(parser)
        vector = vector or parser.used_component
        line, column = source_position(text, (piece.relation if k else first).start)
        links.append(Link(expr, line, column, " ".join(text[first.start:last.end].split()), piece.annotation,
                          relation, tuple(parser.denominators), sense))
    check_gradients(parsers)
    return Chain(tuple(links), source_position(text, pieces[0].tokens[0].start)[0], env,
                 component if vector else None, wrt, optimiser)
