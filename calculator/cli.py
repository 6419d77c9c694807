"""Command line: `python -m calculator recommend|costs|report [--format json|text|markdown]`.

Answers come as a JSON object on standard input, as flags (one per input, e.g.
`--queries-per-day 5000`), or both (flags win). Bad input exits with status 2 and a field-level
message: JSON `{"errors": [...]}` on stdout with --format json, plain sentences on stderr
otherwise. Never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import NoReturn, TextIO

from .inputs import FIELDS, Answers, FieldError, InputError, parse_answers
from .report import costs_json, full_json, markdown_report, recommend_json, text_report, to_json

__all__ = ["main"]

COMMANDS = {
    "recommend": "Recommend RAG, fine-tuning or a hybrid, with reasons and warnings.",
    "costs": "Estimate monthly costs, training cost and the break-even volume.",
    "report": "Both, as a decision record (Markdown by default).",
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


def _stdin_answers(stdin: TextIO | None) -> dict[str, object]:
    if stdin is None or stdin.closed or stdin.isatty():  # `<&-` leaves sys.stdin None
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
        # Numbers stay exact (Decimal): 0.99999999999999999 is not 1, and a 5,000-digit integer
        # reaches the field's range check instead of Python's int-from-text digit limit.
        data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
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
    """Read --format before parsing, so even a parse error is reported in the asked-for format.

    The same rule as argparse's: the last --format given wins.
    """
    wanted = ""
    for i, arg in enumerate(argv):
        if arg == "--format" and i + 1 < len(argv):
            wanted = argv[i + 1]
        elif arg.startswith("--format="):
            wanted = arg.split("=", 1)[1]
    return wanted == "json"


def run(argv: list[str], stdin: TextIO | None, stdout: TextIO, stderr: TextIO) -> int:
    try:
        args = _parser().parse_args(argv)
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


# A reader that stopped reading (`| head`, `| true`): exit as a killed-by-SIGPIPE program would.
EXIT_BROKEN_PIPE = 128 + 13


def main(argv: list[str] | None = None) -> int:
    try:
        status = run(sys.argv[1:] if argv is None else argv, sys.stdin, sys.stdout, sys.stderr)
        sys.stdout.flush()  # here, where a closed pipe can still be handled
        return status
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    except BrokenPipeError:
        # Python would report the unflushed rest at exit; point stdout at nothing instead.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug must still not print a traceback at the user
        sys.stderr.write(f"internal error: {type(exc).__name__}: {exc}\n")
        return 1
