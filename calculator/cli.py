"""Command line: `python -m calculator recommend|costs|report [--format json|text|markdown]`.

Answers come as a JSON object on standard input, as flags (one per input, e.g.
`--queries-per-day 5000`), or both (flags win). Bad input exits with status 2 and a field-level
message: JSON `{"errors": [...]}` on stdout with --format json, plain sentences on stderr
otherwise. Never a traceback. Installed as a package, the same command is `ftrag-calculator`.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import os
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import NoReturn, TextIO

from .costs import estimate_costs
from .decision import recommend
from .inputs import FIELDS, Answers, FieldError, InputError, parse_answers
from .providers import load_providers
from .report import (
    DATE_MESSAGE,
    cost_markdown,
    costs_json,
    full_json,
    markdown_report,
    recommend_json,
    recommendation_markdown,
    text_report,
    to_json,
    valid_date,
)

__all__ = ["main"]

COMMANDS = {
    "recommend": "Recommend RAG, fine-tuning or a hybrid, with reasons and warnings.",
    "costs": "Estimate monthly costs, training cost and the break-even volume.",
    "report": "Both, as a decision record to file (Markdown by default).",
    "providers": "List the provider catalogue: fine-tuning status, billing kind, dates, sources.",
}
MAX_STDIN = 1_000_000


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every error takes the same exit path."""

    def error(self, message: str) -> NoReturn:
        raise InputError([FieldError(field="arguments", message=message)])


DESCRIPTION = (
    "Fine-tuning vs RAG: recommend an approach and estimate its costs. Answers come as a JSON "
    "object on standard input, as flags (one per input), or both (flags win)."
)
DEFAULT_PROG = "python -m calculator"
SITE_URL_MESSAGE = "Give the site's address, starting with http:// or https://."


def _parser(prog: str = DEFAULT_PROG) -> _Parser:
    # allow_abbrev=False: `--q 5000` must be an error, never a silent guess at --queries-per-day.
    parser = _Parser(prog=prog, description=DESCRIPTION, allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command, help_text in COMMANDS.items():
        sub = commands.add_parser(
            command, help=help_text, description=help_text, allow_abbrev=False
        )
        sub.add_argument(
            "--format",
            choices=("json", "text", "markdown"),
            default="markdown" if command == "report" else "text",
        )
        if command == "report":
            sub.add_argument(
                "--date",
                metavar="YYYY-MM-DD",
                help="the record's date (default: today)",
            )
            sub.add_argument(
                "--site-url",
                metavar="URL",
                help="where the guide is published, for absolute links (default: the SITE_URL "
                "environment variable)",
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


def _flag(name: str) -> str:
    return f"--{name.replace('_', '-')}"


def _unknown_arguments(parser: _Parser, argv: list[str], extras: list[str]) -> InputError:
    """Name each unknown option and suggest the closest known one of its command."""
    chosen = next((a for a in argv if a in COMMANDS), "")
    known: list[str] = []
    for action in parser._actions:  # the chosen command's own options, to suggest from
        if isinstance(action, argparse._SubParsersAction) and chosen:
            known = [o for a in action.choices[chosen]._actions for o in a.option_strings]
    errors = []
    after_unknown_flag = False
    for extra in extras:
        if not extra.startswith("-"):
            if not after_unknown_flag:  # a value after an unknown flag is that flag's, not news
                errors.append(
                    FieldError(field="arguments", message=f"unexpected argument {extra!r}")
                )
            after_unknown_flag = False
            continue
        flag = extra.split("=", 1)[0]
        after_unknown_flag = "=" not in extra
        close = difflib.get_close_matches(flag, known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else f"see {parser.prog} {chosen} --help"
        errors.append(FieldError(field="arguments", message=f"unknown option {flag}; {hint}"))
    return InputError(errors)


def _site_url(args: argparse.Namespace, environ: Mapping[str, str]) -> str:
    url = args.site_url if args.site_url is not None else environ.get("SITE_URL", "")
    if url and not url.startswith(("http://", "https://")):
        raise InputError([FieldError(field="site_url", message=SITE_URL_MESSAGE)])
    return url if not url or url.endswith("/") else url + "/"


def _record_date(args: argparse.Namespace) -> str:
    if args.date is None:
        return datetime.date.today().isoformat()
    if not valid_date(args.date):
        raise InputError([FieldError(field="date", message=DATE_MESSAGE)])
    return str(args.date)


def _markdown(command: str, answers: Answers, args: argparse.Namespace, site_url: str) -> str:
    """Each command's own part: the recommendation, the costs, or the whole record."""
    if command == "recommend":
        return "\n".join(recommendation_markdown(recommend(answers), link_base=site_url)) + "\n"
    if command == "costs":
        return "\n".join(cost_markdown(estimate_costs(answers))) + "\n"
    page_url = f"{site_url}calculator/" if site_url else ""
    return markdown_report(answers, link_base=site_url, date=_record_date(args), page_url=page_url)


def _flags_of(errors: list[FieldError], given: set[str]) -> dict[str, str]:
    """The flag as typed, for each field in error whose value came from a flag."""
    from_flags = given | {"date", "site_url"}
    return {e.field: _flag(e.field) for e in errors if e.field in from_flags}


def run(
    argv: list[str],
    stdin: TextIO | None,
    stdout: TextIO,
    stderr: TextIO,
    *,
    prog: str = DEFAULT_PROG,
    environ: Mapping[str, str] | None = None,
) -> int:
    environ = os.environ if environ is None else environ
    given: set[str] = set()
    try:
        parser = _parser(prog)
        args, extras = parser.parse_known_args(argv)
        if extras:
            raise _unknown_arguments(parser, argv, extras)
        if args.command == "providers":
            stdout.write(_providers_output(args.format))
            return 0
        raw = _stdin_answers(stdin)
        given = {f.name for f in FIELDS if getattr(args, f.name) is not None}
        raw.update({name: getattr(args, name) for name in given})
        answers = parse_answers(raw)
        site_url = _site_url(args, environ) if args.command == "report" else ""
        output = (
            _markdown(args.command, answers, args, site_url) if args.format == "markdown" else ""
        )
    except InputError as exc:
        flags = _flags_of(exc.errors, given)
        if _wants_json(argv):
            errors = [
                {**e.as_dict(), **({"flag": flags[e.field]} if e.field in flags else {})}
                for e in exc.errors
            ]
            stdout.write(to_json({"errors": errors}))
        else:
            for error in exc.errors:
                where = (
                    f"{flags[error.field]} ({error.field})" if error.field in flags else error.field
                )
                stderr.write(f"error: {where}: {error.message}\n")
        return 2
    if args.format == "json":
        render_json: dict[str, Callable[[Answers], dict[str, object]]] = {
            "recommend": recommend_json,
            "costs": costs_json,
            "report": full_json,
        }
        stdout.write(to_json(render_json[args.command](answers)))
    elif args.format == "markdown":
        stdout.write(output)
    else:
        stdout.write(text_report(answers, args.command))
    return 0


# A reader that stopped reading (`| head`, `| true`): exit as a killed-by-SIGPIPE program would.
EXIT_BROKEN_PIPE = 128 + 13


def main(argv: list[str] | None = None) -> int:
    try:
        # Installed, the console script runs this under its own name; say that name in --help.
        script = os.path.basename(sys.argv[0])
        prog = "ftrag-calculator" if script.startswith("ftrag-calculator") else DEFAULT_PROG
        argv = sys.argv[1:] if argv is None else argv
        status = run(argv, sys.stdin, sys.stdout, sys.stderr, prog=prog)
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
