"""Notebook reports: find them, read their parameters, execute them and render HTML.

A report is a notebook in ``notebooks/`` (its name is the file name without ``.ipynb``)
whose cell tagged ``parameters`` assigns literal defaults, the papermill convention::

    country = "JPN"  # ISO 3166-1 alpha-3 code
    as_of = "today"  # a date (YYYY-MM-DD) or today

A value given for a parameter is read by the type of its default (see
:mod:`ipgraph.report_params`). :func:`render` executes the notebook with papermill in a Python
kernel of this interpreter, on the graph that ``settings`` name, and returns self-contained
HTML with the code hidden.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipgraph.config import Settings
from ipgraph.errors import IpgraphError, ReportError
from ipgraph.params import CoercionError
from ipgraph.report_params import KIND_TEXT, ReportParam

# Packages of the optional extra 'reports' that executing a report needs.
REPORT_PACKAGES = ("papermill", "nbconvert", "nbformat", "ipykernel", "matplotlib")
INSTALL_HINT = "pip install 'ipgraph[reports]'"
# Names that `ipgraph report` uses for its own subcommands.
RESERVED_NAMES = frozenset({"list"})
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Report:
    """A notebook report: name, file, title, one-line summary and parameters."""

    name: str
    path: Path
    title: str
    summary: str
    params: tuple[ReportParam, ...]

    def param(self, name: str) -> ReportParam | None:
        """The parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Check and convert given values (only those given; the notebook has defaults)."""
        bound: dict[str, Any] = {}
        for key, value in given.items():
            param = self.param(key)
            if param is None:
                keys = ", ".join(p.name for p in self.params) or "none"
                raise ReportError(
                    f"report '{self.name}' has no parameter '{key}'. Valid keys: {keys}"
                )
            try:
                bound[key] = param.coerce(value)
            except CoercionError as exc:
                raise ReportError(
                    f"report '{self.name}': parameter '{key}' takes {KIND_TEXT[param.kind]}: "
                    f"{exc}. Give e.g. -p {key} {param.default_text}"
                ) from None
        return bound


def notebooks_dir() -> Path:
    """The folder of report notebooks (in the package when installed, else the repository's)."""
    for candidate in (_PACKAGE / "_resources" / "notebooks", _PACKAGE.parent / "notebooks"):
        if candidate.is_dir():
            return candidate
    raise ReportError(
        "cannot find the 'notebooks' folder: it is neither in the package nor beside it. "
        "Reinstall ipgraph"
    )


def read_report(path: Path) -> Report:
    """Read a report notebook's title, summary and parameters (no Jupyter packages needed)."""
    name = path.stem
    if name in RESERVED_NAMES:
        raise ReportError(
            f"{path}: '{name}' cannot be a report name, it is a subcommand of 'ipgraph report'. "
            "Rename the notebook"
        )
    if not _NAME.match(name):
        raise ReportError(
            f"{path}: '{name}' is not a report name (lower-case letters, digits and _). "
            "Rename the notebook"
        )
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = notebook["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReportError(f"cannot read the report {path}: {exc}. Check it is a notebook") from exc
    title, summary = _title_and_summary(cells)
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise ReportError(
            f"{path}: a report needs exactly one cell tagged 'parameters', found {len(tagged)}. "
            "Tag the cell that sets the defaults"
        )
    params = _parse_parameters(_source(tagged[0]), path)
    return Report(name, path, title or name, summary, params)


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _title_and_summary(cells: list[Any]) -> tuple[str, str]:
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        lines = _source(cell).strip().splitlines()
        if not lines or not lines[0].startswith("# "):
            continue
        paragraphs = "\n".join(lines[1:]).strip().split("\n\n")
        return lines[0][2:].strip(), " ".join(paragraphs[0].split())
    return "", ""


def _parse_parameters(source: str, path: Path) -> tuple[ReportParam, ...]:
    where = f"{path}: parameters cell"
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ReportError(f"{where}, line {exc.lineno}: {exc.msg}. Fix the cell") from None
    lines = source.splitlines()
    params: list[ReportParam] = []
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        single = not isinstance(node, ast.Assign) or len(node.targets) == 1
        if not (isinstance(node, ast.Assign | ast.AnnAssign) and single and value is not None):
            raise ReportError(f"{where}, line {node.lineno}: only 'name = value' lines. Fix it")
        if not isinstance(target, ast.Name):
            raise ReportError(f"{where}, line {node.lineno}: assign one plain name. Fix it")
        try:
            default = ast.literal_eval(value)
        except ValueError:
            raise ReportError(
                f"{where}, line {node.lineno}: the default of '{target.id}' is not a literal. "
                "Use a number, text, true/false, None or a list"
            ) from None
        if not isinstance(default, str | int | float | bool | list | type(None)):
            raise ReportError(
                f"{where}, line {node.lineno}: '{target.id}' has an unsupported default. "
                "Use a number, text, true/false, None or a list"
            )
        line = lines[node.lineno - 1] if node.end_lineno == node.lineno else ""
        comment = line[node.end_col_offset or 0 :].strip()
        help_text = comment[1:].strip() if comment.startswith("#") else ""
        params.append(ReportParam(target.id, default, help_text))
    return tuple(params)


def find_reports(folder: Path | None = None) -> list[Report]:
    """Every report in ``folder`` (default: :func:`notebooks_dir`), by name."""
    root = folder if folder is not None else notebooks_dir()
    return [read_report(path) for path in sorted(root.glob("*.ipynb"))]


def get_report(name: str, folder: Path | None = None) -> Report:
    """The report called ``name``, or a :class:`ReportError` listing the reports."""
    root = folder if folder is not None else notebooks_dir()
    path = root / f"{name}.ipynb"
    if _NAME.match(name) and name not in RESERVED_NAMES and path.is_file():
        return read_report(path)
    names = [p.stem for p in sorted(root.glob("*.ipynb"))]
    import difflib

    close = difflib.get_close_matches(name, names, n=1)
    hint = f"Did you mean '{close[0]}'?" if close else "See ipgraph report list"
    return_names = ", ".join(names) or "none"
    raise ReportError(f"unknown report '{name}' (reports: {return_names}). {hint}")


def missing_packages() -> list[str]:
    """The packages of the 'reports' extra that are not installed."""
    return [name for name in REPORT_PACKAGES if importlib.util.find_spec(name) is None]


def require_packages() -> None:
    """Raise :class:`ReportError` naming the install command when a package is missing."""
    missing = missing_packages()
    if missing:
        raise ReportError(
            f"running a report needs {', '.join(missing)}, which "
            f"{'is' if len(missing) == 1 else 'are'} not installed. "
            f"Install them with: {INSTALL_HINT}"
        )


def check_loaded(settings: Settings) -> None:
    """Raise :class:`ReportError` when the graph holds no agreements to report on."""
    from ipgraph.client import Graph

    with Graph(settings) as graph:
        info = graph.status()
    if not info.labels.get("Agreement"):
        raise ReportError(
            f"the graph at {settings.location} holds no agreements, so there is nothing to "
            "report on. Load the data first: ipgraph load"
        )


def kernel_env(settings: Settings) -> dict[str, str]:
    """Environment for the report's kernel, so that ``Graph()`` there opens ``settings``'s graph.

    Inline PNG figures are forced, whatever ``MPLBACKEND`` the caller has.
    """
    env = {"MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.update(settings.to_env())
    return env


def _kernel_manager(env: Mapping[str, str]) -> Any:
    """A kernel manager that starts ipykernel in this interpreter with ``env`` added."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager

    launch = "-Xfrozen_modules=off -m ipykernel_launcher -f {connection_file}"
    spec = KernelSpec(
        argv=[sys.executable, *launch.split(), "--IPKernelApp.log_level=ERROR"],
        display_name="Python 3 (ipgraph)",
        language="python",
        # Values are templates ($NAME is substituted): escape any '$' in them.
        env={key: value.replace("$", "$$") for key, value in env.items()},
    )

    class ThisInterpreter(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> Any:
            return spec

    return KernelManager(kernel_name="python3", kernel_spec_manager=ThisInterpreter())


def _ipgraph_error_names() -> set[str]:
    """Every ipgraph error class (all in ipgraph.errors), by name."""
    names: set[str] = set()
    todo: list[type[Exception]] = [IpgraphError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    names.add("CoercionError")
    return names


def execute(
    report: Report, params: Mapping[str, Any], settings: Settings, *, progress: bool = False
) -> Any:
    """Execute ``report`` with ``params`` on ``settings``'s graph; return the executed notebook."""
    require_packages()
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(report.path),
            None,
            parameters=dict(params),
            kernel_name="python3",
            progress_bar=progress,
            km=_kernel_manager(kernel_env(settings)),
        )
    except PapermillExecutionError as exc:
        why = str(exc.evalue).strip()
        if exc.ename not in _ipgraph_error_names():
            why = f"{exc.ename}: {why}" if why else exc.ename
            why += ". Open the notebook in Jupyter (or use --debug) to see the traceback"
        raise ReportError(f"report '{report.name}' failed in cell {exc.exec_count}: {why}") from exc
    except (RuntimeError, OSError) as exc:
        raise ReportError(
            f"report '{report.name}' could not start a Python kernel: {exc}. "
            f"Check that ipykernel is installed ({INSTALL_HINT})"
        ) from exc


# JupyterLab's HTML without the scripts it would fetch from the web (RequireJS, MathJax,
# Mermaid), so that the file is whole offline.
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def to_html(notebook: Any, title: str) -> str:
    """Self-contained HTML of an executed notebook: outputs and text only, code hidden."""
    require_packages()
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(  # type: ignore[no-untyped-call]
        template_name="lab",
        extra_loaders=[DictLoader({"ipgraph_report.html.j2": _TEMPLATE})],
        template_file="ipgraph_report.html.j2",
        exclude_anchor_links=True,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    html, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    return str(html)


def check_output(path: Path) -> None:
    """Refuse an output path that cannot be written, before a long run."""
    hint = "Choose another --output path"
    if path.is_dir():
        raise ReportError(f"cannot write {path}: it is a folder. {hint}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ReportError(f"cannot write {path}: the folder {parent} does not exist. {hint}")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ReportError(f"cannot write {path}: permission denied. {hint}")


def render(
    report: Report,
    params: Mapping[str, Any],
    settings: Settings,
    output: Path,
    *,
    progress: bool = False,
) -> Path:
    """Execute ``report`` on ``settings``'s graph and write it to ``output`` as HTML."""
    bound = report.bind(params)
    for param in report.params:
        if param.kind in ("date", "year", "list[int]") and param.name not in bound:
            # 'today' and 'this_year' as the day the report runs
            bound[param.name] = param.coerce(param.default)
    check_output(output)
    require_packages()
    check_loaded(settings)
    notebook = execute(report, bound, settings, progress=progress)
    html = to_html(notebook, report.title)
    try:
        output.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise ReportError(
            f"cannot write {output}: {exc.strerror or exc}. Choose another --output path"
        ) from exc
    return output
