"""Command line: `python -m calculator recommend|costs|report [--format json|text|markdown]`.

Answers come as a JSON object on standard input, as flags (one per input, e.g.
`--queries-per-day 5000`), or both (flags win). Bad input exits with status 2 and a field-level
message: JSON `{"errors": [...]}` on stdout with --format json, plain sentences on stderr
otherwise. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import NoReturn, TextIO

from .inputs import FIELDS, Answers, FieldError, InputError, parse_answers
from .providers import load_providers
from .report import costs_json, full_json, markdown_report, recommend_json, text_report, to_json

__all__ = ["main"]

COMMANDS = {
    "recommend": "Recommend RAG, fine-tuning or a hybrid, with reasons and warnings.",
    "costs": "Estimate monthly costs, training cost and the break-even volume.",
    "report": "Both, as a decision record (Markdown by default).",
    "providers": "List the provider catalogue: fine-tuning status, billing kind, dates, sources.",
}
MAX_STDIN = 1_000_000


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every error takes the same exit path."""

    def error(self, message: str) -> NoReturn:
        raise InputError([FieldError(field="arguments", message=message)])


def _parser() -> _Parser:
    parser = _Parser(
        prog="python -m calculator",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command, help_text in COMMANDS.items():
        sub = commands.add_parser(command, help=help_text, description=help_text)
        sub.add_argument(
            "--format",
            choices=("json", "text", "markdown"),
            default="markdown" if command == "report" else "text",
        )
        if command == "providers":
            continue  # the catalogue takes no answers
        for field in FIELDS:
            if field.kind == "choice":
                values = "|".join(value for value, _ in field.choices)
            elif field.kind == "bool":
                values = "yes|no"
            else:
                values = "N"
            default = (
                field.default
                if not isinstance(field.default, bool)
                else ("yes" if field.default else "no")
            )
            sub.add_argument(
                f"--{field.name.replace('_', '-')}",
                dest=field.name,
                metavar=values,
                help=f"{field.label} (default: {default})",
            )
    return parser


def _stdin_answers(stdin: TextIO) -> dict[str, object]:
    if stdin.isatty():
        return {}
    binary = getattr(stdin, "buffer", None)  # decode strictly ourselves, whatever the locale
    try:
        text = binary.read(MAX_STDIN + 1).decode("utf-8") if binary else stdin.read(MAX_STDIN + 1)
    except UnicodeDecodeError:
        raise InputError(
            [FieldError(field="stdin", message="The input is not UTF-8 text.")]
        ) from None
    if len(text) > MAX_STDIN:
        raise InputError([FieldError(field="stdin", message="The JSON input is too large.")])
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        message = f"The input is not valid JSON ({exc.msg if hasattr(exc, 'msg') else exc})."
        raise InputError([FieldError(field="stdin", message=message)]) from None
    if not isinstance(data, dict):
        raise InputError(
            [
                FieldError(
                    field="stdin",
                    message="The JSON input must be an object of field names and values.",
                )
            ]
        )
    return data


def _wants_json(argv: list[str]) -> bool:
    """Read --format before parsing, so even a parse error is reported in the asked-for format."""
    for i, arg in enumerate(argv):
        if arg == "--format" and i + 1 < len(argv):
            return argv[i + 1] == "json"
        if arg.startswith("--format="):
            return arg.split("=", 1)[1] == "json"
    return False


def _providers_output(fmt: str) -> str:
    providers = load_providers()
    if fmt == "json":
        return to_json({"providers": [p.as_dict() for p in providers]})
    if fmt == "markdown":
        rows = [
            f"| `{p.id}` | {p.name} | {p.fine_tuning} | {p.fine_tuned_serving} | {p.as_of} |"
            for p in providers
        ]
        header = (
            "| id | Provider | Fine-tuning | Fine-tuned serving | As of |\n|---|---|---|---|---|"
        )
        return "\n".join([header, *rows]) + "\n"
    return "".join(
        f"{p.id:<14} {p.name}\n{'':<14} fine-tuning {p.fine_tuning}, "
        f"serving {p.fine_tuned_serving}, as of {p.as_of}\n"
        for p in providers
    )


def run(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command == "providers":
            stdout.write(_providers_output(args.format))
            return 0
        raw = _stdin_answers(stdin)
        raw.update(
            {f.name: getattr(args, f.name) for f in FIELDS if getattr(args, f.name) is not None}
        )
        answers = parse_answers(raw)
    except InputError as exc:
        if _wants_json(argv):
            stdout.write(to_json({"errors": [e.as_dict() for e in exc.errors]}))
        else:
            for error in exc.errors:
                stderr.write(f"error: {error.field}: {error.message}\n")
        return 2
    if args.format == "json":
        render_json: dict[str, Callable[[Answers], dict[str, object]]] = {
            "recommend": recommend_json,
            "costs": costs_json,
            "report": full_json,
        }
        stdout.write(to_json(render_json[args.command](answers)))
    elif args.format == "markdown":
        stdout.write(markdown_report(answers))
    else:
        stdout.write(text_report(answers, args.command))
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return run(sys.argv[1:] if argv is None else argv, sys.stdin, sys.stdout, sys.stderr)
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    except Exception as exc:  # a bug must still not print a traceback at the user
        sys.stderr.write(f"internal error: {type(exc).__name__}: {exc}\n")
        return 1
