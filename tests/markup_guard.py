"""The code check behind tests/test_markup_everywhere.py: no data reaches a Markdown surface of
Streamlit unescaped.

It reads the app's code (app.py, pages/, salescoach/ui/) and follows every text argument of every
Streamlit element that renders Markdown (titles, captions, alerts, labels, help texts, tabs,
metric texts, ...; `MARKDOWN_ARGUMENTS`) and of every kit function whose parameter is annotated
`Markdown` (`salescoach.ui.text.Markdown`). Such an argument must be *markdown-safe*:

- a literal, a number, or a catalogue text `t(key, ...)` with its key written out (a literal, or an
  f-string with a literal prefix) and markdown-safe placeholders;
- a formatted number or date (`format_value`, `format_date`, `label`, ... : `SAFE_CALLS`);
- data through `escape_markdown`;
- a call to a function annotated `-> Markdown` (whose every `return` is checked the same way);
- a name whose every assignment in its scope is markdown-safe, or a parameter annotated `Markdown`;
- an f-string, `+`, `x if c else y`, `a or b` of markdown-safe parts.

Anything else (a DataFrame cell, an attribute of a record, a loop variable, a parameter without
the annotation) is data and is reported with its file and line. A line that is safe for a reason
the check cannot see carries `# markdown-safe: <why>`; those lines are listed by `allowances` and
pinned in the test, so a new one is a visible decision.

HTML (`st.html`, `unsafe_allow_html=True`) takes a constant only (the pages' stylesheets), and a
column's help text (`st.column_config.*Column(help=...)`) is Markdown too.

Plain-text surfaces (`PLAIN_OPTION_WIDGETS`: selectbox and multiselect options) must not get
`escape_markdown` (it would show its backslashes); `st.badge` escapes square brackets itself, so
it takes catalogue text and numbers only.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ("app.py", "pages", "salescoach/ui")
ALLOW = "# markdown-safe:"

# Streamlit calls (by method name, whatever the container) → the positions and keywords of their
# arguments that Streamlit renders as Markdown.
_LABEL = ((0,), ("label", "help"))
MARKDOWN_ARGUMENTS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    **{name: ((0,), ("body", "help")) for name in ("title", "header", "subheader", "caption", "markdown")},
    **{name: ((0,), ("body",)) for name in ("info", "warning", "error", "success", "toast", "exception")},
    "write": ((0, 1, 2, 3, 4, 5), ()),
    **{
        name: _LABEL
        for name in (
            "button",
            "form_submit_button",
            "download_button",
            "link_button",
            "page_link",
            "checkbox",
            "toggle",
            "text_input",
            "text_area",
            "number_input",
            "date_input",
            "time_input",
            "file_uploader",
            "color_picker",
            "slider",
            "selectbox",
            "multiselect",
            "radio",
            "segmented_control",
            "pills",
            "select_slider",
            "expander",
            "popover",
            "status",
        )
    },
    "metric": ((0, 1), ("label", "value", "delta", "help", "delta_description")),
    "tabs": ((0,), ("tabs",)),
    "badge": ((0,), ("label", "help")),
    "spinner": ((0,), ("text",)),
}
# Widgets whose options Streamlit renders as Markdown: their format_func must be markdown-safe.
MARKDOWN_OPTION_WIDGETS = ("radio", "segmented_control", "pills", "select_slider")
# Widgets whose options are plain text: escape_markdown there shows its backslashes.
PLAIN_OPTION_WIDGETS = ("selectbox", "multiselect")
# Calls whose result is markdown-safe: formatted numbers and dates, catalogue texts, escaped data.
SAFE_CALLS = frozenset(
    {
        "escape_markdown",
        "label",
        "format_value",
        "format_date",
        "format_span",
        "format_day_month",
        "format_month",
        "format_number",
        "format_count",
        "format_currency",
        "format_percent",
        "quarter_name",
        "week_name",
        "describe_bar",
        "partial_note",  # Filters.partial_note: the catalogue's text of the period's name, days and a date
        "len",
        "int",
        "sum",
        "round",
    }
)
SAFE_ATTRIBUTES = frozenset({"period_label", "span"})  # Filters' texts: the formatter's and the catalogue's
SAFE_ROOTS = frozenset({"METRICS"})  # definitions whose texts come from the catalogue


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    code: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}: {self.code}"


def checked_files() -> list[Path]:
    files = []
    for entry in CHECKED:
        path = ROOT / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def _is_markdown_annotation(node: ast.expr | None) -> bool:
    """`Markdown`, `Markdown | None`, `ui.Markdown`, `list[Markdown]` (also as a string annotation)."""
    if node is None:
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "Markdown" in node.value.split("|")[0] or node.value.strip().startswith("Markdown")
    if isinstance(node, ast.BinOp):
        return _is_markdown_annotation(node.left) or _is_markdown_annotation(node.right)
    if isinstance(node, ast.Subscript):  # list[Markdown], Sequence[Markdown]: every item checked
        container = (
            node.value.attr if isinstance(node.value, ast.Attribute) else getattr(node.value, "id", None)
        )
        return container in {"list", "tuple", "Sequence"} and _is_markdown_annotation(node.slice)
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    return name == "Markdown"


def _mentions_escape(node: ast.AST) -> bool:
    """Whether `escape_markdown` is called or passed (as a format_func) in `node`."""
    return any(
        (isinstance(n, ast.Name) and n.id == "escape_markdown")
        or (isinstance(n, ast.Attribute) and n.attr == "escape_markdown")
        for n in ast.walk(node)
    )


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def kit_signatures(trees: dict[Path, ast.Module]) -> tuple[dict[str, dict], set[str]]:
    """Functions with `Markdown` parameters (name → {position or keyword → param}) and the names
    of functions annotated `-> Markdown`."""
    params: dict[str, dict] = {}
    producers: set[str] = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if _is_markdown_annotation(node.returns):
                producers.add(node.name)
            positional = [*node.args.posonlyargs, *node.args.args]
            offset = 1 if positional and positional[0].arg in ("self", "cls") else 0
            marked = {}
            for index, arg in enumerate(positional):
                if _is_markdown_annotation(arg.annotation):
                    marked[index - offset] = arg.arg
                    marked[arg.arg] = arg.arg
            for arg in node.args.kwonlyargs:
                if _is_markdown_annotation(arg.annotation):
                    marked[arg.arg] = arg.arg
            if marked:
                params[node.name] = marked
    return params, producers


class _Scopes(ast.NodeVisitor):
    """Every function's (and the module's) assignments and Markdown-annotated parameters."""

    def __init__(self, tree: ast.Module):
        self.parent: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
        self.tree = tree

    def scope_of(self, node: ast.AST) -> ast.AST:
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                return node
        return self.tree

    def bindings(self, scope: ast.AST, name: str) -> list[ast.AST] | None:
        """The values bound to `name` in `scope` (None: bound in a way the check cannot follow:
        a loop, an unpacking, a `with`, an import, a comprehension)."""
        values: list[ast.AST] = []
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
            args = scope.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                if arg.arg == name:
                    return [ast.Constant("") if _is_markdown_annotation(arg.annotation) else arg]
        for node in ast.walk(scope):
            if node is not scope and self.scope_of(node) is not scope:
                continue
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        values.append(node.value)
                    elif any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target)):
                        return None
            elif isinstance(node, ast.AnnAssign | ast.AugAssign) and getattr(node.target, "id", None) == name:
                values.append(node.value if node.value is not None else ast.Constant(""))
            elif isinstance(node, ast.For | ast.comprehension | ast.With | ast.NamedExpr):
                targets = (
                    [node.target] if not isinstance(node, ast.With) else [i.optional_vars for i in node.items]
                )
                if any(isinstance(n, ast.Name) and n.id == name for t in targets if t for n in ast.walk(t)):
                    return None
        return values or None


class Checker:
    def __init__(self, path: Path, tree: ast.Module, source: str, markdown_params: dict, producers: set[str]):
        self.path = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        self.tree = tree
        self.lines = source.splitlines()
        self.scopes = _Scopes(tree)
        self.markdown_params = markdown_params
        self.producers = producers
        self.findings: list[Finding] = []

    # -- what is safe ------------------------------------------------------------------
    def safe(self, node: ast.AST, seen: frozenset = frozenset()) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(v.value, seen) for v in node.values if isinstance(v, ast.FormattedValue))
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Add | ast.Sub) and any(
                isinstance(side, ast.Constant) and isinstance(side.value, int | float)
                for side in (node.left, node.right)
            ):
                return True  # a number ± a number (text ± a number raises)
            return (
                isinstance(node.op, ast.Add | ast.Mod)
                and self.safe(node.left, seen)
                and self.safe(node.right, seen)
            )
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, seen) and self.safe(node.orelse, seen)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v, seen) for v in node.values)
        if isinstance(node, ast.List | ast.Tuple):
            return all(self.safe(e, seen) for e in node.elts)
        if isinstance(node, ast.Call):
            return self._safe_call(node, seen)
        if isinstance(node, ast.Name):
            return self._safe_name(node, seen)
        if isinstance(node, ast.Attribute):
            root = node.value
            while isinstance(root, ast.Attribute | ast.Subscript):
                root = root.value
            constant = node.attr.isupper()  # a module's constant (coaching.METRIC_WINDOW_DAYS)
            return constant or node.attr in SAFE_ATTRIBUTES or getattr(root, "id", None) in SAFE_ROOTS
        if isinstance(node, ast.Subscript):
            return self._safe_dict(node.value, seen)
        if isinstance(node, ast.Lambda):
            return self.safe(node.body, seen)
        return False

    def _safe_call(self, node: ast.Call, seen: frozenset) -> bool:
        name = _call_name(node)
        if name == "t":  # a catalogue text: its key literal (a missing key shows as itself)
            return self._is_key(node.args[0]) and all(self.safe(k.value, seen) for k in node.keywords)
        if name == "str":
            return all(self.safe(a, seen) for a in node.args)
        if name == "join" and isinstance(node.func, ast.Attribute) and self.safe(node.func.value, seen):
            (items,) = node.args
            if isinstance(items, ast.GeneratorExp | ast.ListComp):
                return self.safe(items.elt, seen)
            return self.safe(items, seen)
        if name == "get" and isinstance(node.func, ast.Attribute):
            return self._safe_dict(node.func.value, seen) and all(self.safe(a, seen) for a in node.args[1:])
        return name in SAFE_CALLS or name in self.producers

    def _is_key(self, node: ast.AST) -> bool:
        """A catalogue key written out: "seller.title", f"coaching.grow.{name}" (a literal
        prefix), one of two keys, or an entry of a dict of literal keys."""
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str)
        if isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            return isinstance(first, ast.Constant) and "." in first.value
        if isinstance(node, ast.IfExp):
            return self._is_key(node.body) and self._is_key(node.orelse)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            values = self.scopes.bindings(self.tree, node.value.id) or []
            return bool(values) and all(
                isinstance(v, ast.Dict) and all(self._is_key(x) for x in v.values) for v in values
            )
        return False

    def _safe_name(self, node: ast.Name, seen: frozenset) -> bool:
        key = (node.id, id(self.scopes.scope_of(node)))
        if key in seen:
            return True
        scope = self.scopes.scope_of(node)
        values = self.scopes.bindings(scope, node.id)
        if values is None and scope is not self.tree:
            values = self.scopes.bindings(self.tree, node.id)  # a module-level name used in a function
        return values is not None and all(self.safe(v, seen | {key}) for v in values)

    def _safe_dict(self, node: ast.AST, seen: frozenset) -> bool:
        """A name bound only to dict literals with markdown-safe values."""
        if not isinstance(node, ast.Name):
            return False
        values = self.scopes.bindings(self.scopes.scope_of(node), node.id) or self.scopes.bindings(
            self.tree, node.id
        )
        return bool(values) and all(
            (isinstance(v, ast.Dict) and all(self.safe(x, seen) for x in v.values))
            or (isinstance(v, ast.DictComp) and self.safe(v.value, seen))
            for v in values
        )

    # -- where it must be safe -----------------------------------------------------------
    def report(self, node: ast.AST, why: str) -> None:
        end = getattr(node, "end_lineno", node.lineno)
        lines = self.lines[node.lineno - 1 : end]
        if any(ALLOW in line for line in lines):
            return
        self.findings.append(Finding(self.path, node.lineno, ast.unparse(node)[:160], why))

    def arguments(self, call: ast.Call, positions, keywords) -> Iterator[tuple[str, ast.AST]]:
        for index, arg in enumerate(call.args):
            if index in positions:
                yield f"argument {index + 1}", arg
        for keyword in call.keywords:
            if keyword.arg in keywords:
                yield keyword.arg, keyword.value

    def check(self) -> list[Finding]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                self._check_call(node)
            elif (
                isinstance(node, ast.FunctionDef)
                and node.name not in SAFE_CALLS  # escape_markdown returns data, escaped
                and _is_markdown_annotation(node.returns)
            ):
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return) and ret.value is not None and not self.safe(ret.value):
                        self.report(ret, f"{node.name}() is annotated -> Markdown but returns data")
        return self.findings

    def _check_call(self, call: ast.Call) -> None:
        name = _call_name(call)
        if name in MARKDOWN_ARGUMENTS and isinstance(call.func, ast.Attribute):
            positions, keywords = MARKDOWN_ARGUMENTS[name]
            for where, arg in self.arguments(call, positions, keywords):
                if not self.safe(arg):
                    self.report(
                        arg, f"st.{name}() {where} renders Markdown: data must go through escape_markdown"
                    )
                elif name == "badge" and _mentions_escape(arg):
                    self.report(arg, "st.badge escapes [ ] itself: catalogue text and numbers only")
            self._check_options(call, name)
        self._check_html(call, name)
        # st.column_config.*Column: its help is Markdown (the header is plain)
        if name and name.endswith("Column") and name != "Column":
            for _where, arg in self.arguments(call, (), ("help",)):
                if not self.safe(arg):
                    self.report(arg, f"{name}() help renders Markdown: data must go through escape_markdown")
        if name in self.markdown_params:
            params = self.markdown_params[name]
            positions = {k for k in params if isinstance(k, int)}
            keywords = {k for k in params if isinstance(k, str)}
            for where, arg in self.arguments(call, positions, keywords):
                if not self.safe(arg):
                    self.report(arg, f"{name}() {where} is Markdown: data must go through escape_markdown")

    def _check_html(self, call: ast.Call, name: str | None) -> None:
        """HTML is never built from anything but a constant (the pages' stylesheets)."""
        allows_html = any(
            k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and not k.value.value)
            for k in call.keywords
        )
        if (allows_html or name == "html") and isinstance(call.func, ast.Attribute):
            body = call.args[0] if call.args else None
            constant = isinstance(body, ast.Constant) or (
                isinstance(body, ast.Name)
                and all(
                    isinstance(v, ast.Constant) for v in self.scopes.bindings(self.tree, body.id) or [None]
                )
            )
            if not constant:
                self.report(call, "HTML from anything but a constant: show data as text")

    def _check_options(self, call: ast.Call, name: str) -> None:
        format_func = next((k.value for k in call.keywords if k.arg == "format_func"), None)
        if name in MARKDOWN_OPTION_WIDGETS:
            reference = getattr(format_func, "attr", None) or getattr(format_func, "id", None)
            markdown_func = reference in SAFE_CALLS or reference in self.producers
            if format_func is None or not (markdown_func or self.safe(format_func)):
                self.report(
                    call, f"st.{name}() options render Markdown: give a format_func through escape_markdown"
                )
        elif name in PLAIN_OPTION_WIDGETS and format_func is not None:
            if _mentions_escape(format_func):
                self.report(
                    format_func, f"st.{name}() options are plain text: use option_label, not escape_markdown"
                )


def check_sources(sources: dict[Path, str]) -> list[Finding]:
    """The findings in `sources` (path → code), kit signatures read from all of them."""
    trees = {path: ast.parse(code) for path, code in sources.items()}
    params, producers = kit_signatures(trees)
    findings = []
    for path, tree in trees.items():
        findings += Checker(path, tree, sources[path], params, producers).check()
    return findings


def app_sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in checked_files()}


def allowances(sources: dict[Path, str]) -> list[tuple[str, str]]:
    """(file, the line) of every `# markdown-safe:` allowance."""
    return [
        (str(path.relative_to(ROOT)), line.strip())
        for path, code in sources.items()
        for line in code.splitlines()
        if ALLOW in line
    ]
