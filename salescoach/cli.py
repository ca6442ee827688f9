"""Command line: import a folder, print a scorecard, make demo data.

python -m salescoach import FOLDER [--preset NAME | --mapping FILE.yaml] [--exported-on D] [--db PATH]
python -m salescoach scorecard --from D --to D [--as-of D] [--grain seller|team|all] [--db PATH] [--format csv|json]
python -m salescoach coaching-status --as-of D [--db PATH] [--format csv|json]
python -m salescoach ladder --as-of D [--grain seller|team|all] [--cohorts] [--db PATH] [--format csv|json]
python -m salescoach pipeline-changes --from D1 --to D2 [--db PATH] [--format csv|json]
python -m salescoach demo [--sellers N] [--years Y] [--seed S] [--end D] [--db PATH] [--force]
python -m salescoach attention --as-of D [--db PATH] [--format csv|json]
python -m salescoach review-pdf --as-of D [--team T] [--lang L] --out FILE [--db PATH]
python -m salescoach digest --as-of D --to ADDRESS [--team T] [--lang L] [--db PATH]

Every command takes `--lang en|fi|sv|nb` (default: the setting SALESCOACH_LANG, else English):
the language of its messages, an import's located problems and a preset's caveats included.

An import publishes a new version of the database while the app keeps serving (salescoach/db.py);
a fault of a store (a damaged or locked file, a full disk, another import running) is one line
on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path

from salescoach import faults, i18n
from salescoach.db import DB_ENV_VAR, default_db_path
from salescoach.i18n import t
from salescoach.messages import text


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m salescoach", description=__doc__.splitlines()[0])
    db_help = f"database file (default: ${DB_ENV_VAR} or data/salescoach.duckdb)"
    commands = parser.add_subparsers(dest="command", required=True)
    for add in (
        _import_parser,
        _scorecard_parser,
        _changes_parser,
        _demo_parser,
        _attention_parser,
        _add_coaching_commands,
    ):
        add(commands, db_help)
    for add in (_review_pdf_parser, _digest_parser):  # the team review (salescoach/review.py)
        add(commands, db_help)
    for command in commands.choices.values():
        command.add_argument(
            "--lang",
            choices=list(i18n.LANGUAGES),
            help=f"language of the messages (default: ${i18n.SETTING} or {i18n.DEFAULT_LANGUAGE})",
        )
    return parser


def _import_parser(commands, db_help: str) -> None:
    load = commands.add_parser("import", help="import a folder of CSV/XLSX/Parquet files (all or nothing)")
    load.add_argument("folder", type=Path)
    load.add_argument("--db", type=Path, help=db_help)
    from salescoach.presets import PRESETS

    source = load.add_mutually_exclusive_group()
    source.add_argument(
        "--preset", choices=list(PRESETS), help="read the folder as this CRM's export files (prints caveats)"
    )
    source.add_argument(
        "--mapping", type=Path, metavar="FILE.yaml", help="read the folder with a custom mapping"
    )
    load.add_argument(
        "--exported-on",
        dest="exported_on",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the day the export was made (default: today): changed offers are recorded on that day; "
        "an export older than the newest one loaded is refused",
    )


def _scorecard_parser(commands, db_help: str) -> None:
    card = commands.add_parser("scorecard", help="print the per-seller scorecard for a period")
    card.add_argument("--from", dest="date_from", type=_date, required=True, metavar="YYYY-MM-DD")
    card.add_argument("--to", dest="date_to", type=_date, required=True, metavar="YYYY-MM-DD")
    card.add_argument(
        "--as-of", dest="as_of", type=_date, metavar="YYYY-MM-DD", help="pipeline date (default: --to)"
    )
    card.add_argument(
        "--grain",
        choices=("seller", "team", "all"),
        action="append",
        help="rows per seller, per team or for all teams, with the columns grain, sellers, "
        "thin_sellers and thin_next_quarter_sellers (repeat for several; default: the per-seller "
        "scorecard as it has always read)",
    )
    card.add_argument("--db", type=Path, help=db_help)
    card.add_argument("--format", choices=("csv", "json"), default="csv")


def _changes_parser(commands, db_help: str) -> None:
    changes = commands.add_parser(
        "pipeline-changes", help="print what moved in the pipeline between two days, one row per seller"
    )
    changes.add_argument("--from", dest="date_from", type=_date, required=True, metavar="YYYY-MM-DD")
    changes.add_argument("--to", dest="date_to", type=_date, required=True, metavar="YYYY-MM-DD")
    changes.add_argument("--db", type=Path, help=db_help)
    changes.add_argument("--format", choices=("csv", "json"), default="csv")


def _demo_parser(commands, db_help: str) -> None:
    demo = commands.add_parser("demo", help="write a generated demo data set into a new database")
    demo.add_argument("--sellers", type=_positive, default=12)
    demo.add_argument("--years", type=_positive, default=2)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--end", type=_date, metavar="YYYY-MM-DD", help="last day of data (default: today)")
    demo.add_argument("--db", type=Path, help=db_help)
    demo.add_argument("--force", action="store_true", help="replace a database that holds imported data")


def _attention_parser(commands, db_help: str) -> None:
    attention = commands.add_parser("attention", help="the sellers who need attention now, most urgent first")
    attention.add_argument("--as-of", dest="as_of", type=_date, required=True, metavar="YYYY-MM-DD")
    attention.add_argument("--db", type=Path, help=db_help)
    attention.add_argument("--format", choices=("csv", "json"), default="csv")


def _add_coaching_commands(commands, db_help: str) -> None:
    """`coaching-status` and `ladder`: the coaching loop on a day (salescoach/coaching_loop.py)."""
    status = commands.add_parser(
        "coaching-status",
        help="print each seller's 1:1 cadence, open and overdue actions and follow-through on a day",
    )
    status.add_argument("--as-of", dest="as_of", type=_date, required=True, metavar="YYYY-MM-DD")
    status.add_argument("--db", type=Path, help=db_help)
    status.add_argument("--format", choices=("csv", "json"), default="csv")

    ladder = commands.add_parser(
        "ladder", help="print the customer ladder (prospects, customers, regular customers) on a day"
    )
    ladder.add_argument("--as-of", dest="as_of", type=_date, required=True, metavar="YYYY-MM-DD")
    ladder.add_argument(
        "--grain",
        choices=("seller", "team", "all"),
        action="append",
        help="rows per seller, per team or for all teams, with the column grain (repeat for several; "
        "default: one row per seller)",
    )
    ladder.add_argument(
        "--cohorts",
        action="store_true",
        help="the ladder conversion of each yearly cohort of first meetings instead "
        "(prospects, customers_12m, regular_24m, complete)",
    )
    ladder.add_argument("--db", type=Path, help=db_help)
    ladder.add_argument("--format", choices=("csv", "json"), default="csv")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db_path = args.db or default_db_path()
    with i18n.speaking(args.lang):
        try:
            return _run(args, db_path)
        except BrokenPipeError:  # the reader stopped reading (`... | head`): not a fault of a store
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            return 141  # as a shell reports a pipe closed under a writer (128 + SIGPIPE)
        except Exception as error:
            line = _fault_line(error, db_path)
            if line is None:
                raise
            _error(line)
            return 3 if isinstance(error, faults.ImportBusy) else 1


def _error(message: object) -> None:
    """ "error: …" on stderr, in the command's language."""
    print(t("cli.error", message=text(message)), file=sys.stderr)


def _not_imported(db_path: Path, error: Exception) -> int:
    print(t("cli.not_imported", path=db_path, problems=text(error)), file=sys.stderr)
    return 1


def _imported(summary, db_path: Path) -> int:
    print(t("cli.imported", summary=text(summary), path=db_path))
    return 0


def _fault_line(error: BaseException, db_path: Path) -> str | None:
    """A store fault (or an error of a file or database) as one line; None for anything else."""
    import duckdb

    from salescoach.faults import StoreFault

    if isinstance(error, StoreFault):
        return faults.one_line(error)
    if isinstance(error, (OSError, duckdb.Error, sqlite3.Error)):
        described = faults.describe(error, db_path)
        return faults.one_line(described if described is not None else error)
    return None


def _run(args: argparse.Namespace, db_path: Path) -> int:
    if args.command == "import":
        if args.exported_on is not None and args.exported_on > dt.date.today():
            _error(t("cli.exported_after_today", day=args.exported_on))
            return 2
        if args.preset or args.mapping:
            return _import_preset(args.folder, db_path, args.preset, args.mapping, args.exported_on)
        return _import(args.folder, db_path, args.exported_on)
    if args.command == "scorecard":
        return _scorecard(args, db_path)
    if args.command == "pipeline-changes":
        return _pipeline_changes(args, db_path)
    if args.command == "attention":
        return _attention(args, db_path)
    if args.command in REVIEW_COMMANDS:
        return REVIEW_COMMANDS[args.command](args, db_path)
    if args.command == "coaching-status":
        return _coaching_status(args, db_path)
    if args.command == "ladder":
        return _ladder(args, db_path)
    return _demo(args, db_path)


def _no_database(db_path: Path) -> bool:
    if db_path.exists():
        return False
    print(f"error: no database at {db_path} (run `python -m salescoach demo` or import)", file=sys.stderr)
    return True


def _print_frame(frame, output_format: str) -> None:
    """The frame as CSV or JSON; days read YYYY-MM-DD in both (empty / null when unknown)."""
    if output_format == "json":
        days = {
            column: [value.isoformat() if _is_day(value) else None for value in frame[column]]
            for column in frame.columns
            if frame[column].map(_is_day).any()
        }
        frame = frame.assign(**days)
        sys.stdout.write(frame.to_json(orient="records", indent=2) + "\n")
    else:
        frame.to_csv(sys.stdout, index=False)


def _is_day(value) -> bool:
    return isinstance(value, dt.date) and not _missing_value(value)


def _missing_value(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def _coaching_status(args: argparse.Namespace, db_path: Path) -> int:
    from salescoach.coaching_loop import STATUS_COLUMNS, coaching_status
    from salescoach.store import connect

    if _no_database(db_path):
        return 2
    with connect(db_path, read_only=True) as coach:
        frame = coaching_status(coach, args.as_of)[list(STATUS_COLUMNS)]
    _print_frame(frame, args.format)
    return 0


def _ladder(args: argparse.Namespace, db_path: Path) -> int:
    from salescoach.coaching_loop import LADDER_COLUMNS, customer_ladder, ladder_cohorts
    from salescoach.store import connect

    if _no_database(db_path):
        return 2
    grains = [g for g in ("seller", "team", "all") if g in (args.grain or ())]
    with connect(db_path, read_only=True) as coach:
        if args.cohorts:
            frame = ladder_cohorts(coach, args.as_of, grain=grains or ["seller"])
            frame = frame if args.grain else frame.drop(columns="grain")
        elif args.grain:
            frame = customer_ladder(coach, args.as_of, grain=grains)
        else:
            frame = customer_ladder(coach, args.as_of)[list(LADDER_COLUMNS)]
    _print_frame(frame, args.format)
    return 0


def _import(folder: Path, db_path: Path, exported_on: dt.date | None = None) -> int:
    from salescoach.importer import DataImportError
    from salescoach.store import connect

    if not folder.is_dir():
        _error(t("cli.not_a_folder", folder=folder))
        return 2
    with connect(db_path) as coach:
        try:
            summary = coach.load(folder, exported_on=exported_on)
        except DataImportError as exc:
            return _not_imported(db_path, exc)
    return _imported(summary, db_path)


def _import_preset(
    folder: Path, db_path: Path, preset: str | None, mapping: Path | None, exported_on: dt.date | None = None
) -> int:
    from salescoach.importer import DataImportError
    from salescoach.presets import load_preset, read_mapping, read_preset
    from salescoach.store import connect

    if not folder.is_dir():
        _error(t("cli.not_a_folder", folder=folder))
        return 2
    try:
        result = read_mapping(mapping, folder) if mapping else read_preset(preset, folder)
    except DataImportError as exc:
        return _not_imported(db_path, exc)
    for note in result.notes:
        print(t("cli.note", note=text(note)))
    with connect(db_path) as coach:
        try:
            summary = load_preset(coach, result, exported_on=exported_on)
        except DataImportError as exc:
            return _not_imported(db_path, exc)
    return _imported(summary, db_path)


def _scorecard(args: argparse.Namespace, db_path: Path) -> int:
    from salescoach.store import connect

    if args.date_from > args.date_to:
        _error(t("cli.from_after_to", first=args.date_from, last=args.date_to))
        return 2
    if not db_path.exists():
        _error(t("cli.no_database", path=db_path))
        return 2
    with connect(db_path, read_only=True) as coach:
        if args.grain:
            grains = [g for g in ("seller", "team", "all") if g in args.grain]
            frame = coach.scorecards([(args.date_from, args.date_to, args.as_of)], grain=grains)
            frame = frame.drop(columns="period")
        else:
            frame = coach.scorecard(args.date_from, args.date_to, args.as_of)
    if args.format == "json":
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", indent=2) + "\n")
    else:
        frame.to_csv(sys.stdout, index=False)
    return 0


def _pipeline_changes(args: argparse.Namespace, db_path: Path) -> int:
    from salescoach.history import PIPELINE_CHANGE_COLUMNS
    from salescoach.store import connect

    if args.date_from >= args.date_to:
        _error(t("cli.from_before_to", first=args.date_from, last=args.date_to))
        return 2
    if not db_path.exists():
        _error(t("cli.no_database", path=db_path))
        return 2
    with connect(db_path, read_only=True) as coach:
        frame = coach.pipeline_changes(args.date_from, args.date_to, grain="seller")
    frame = frame[["seller_id", "seller", "team", *PIPELINE_CHANGE_COLUMNS]]
    if args.format == "json":
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", indent=2) + "\n")
    else:
        frame.to_csv(sys.stdout, index=False)
    return 0


def _demo(args: argparse.Namespace, db_path: Path) -> int:
    from salescoach.store import connect, create_demo_database

    if db_path.exists() and not args.force:
        with connect(db_path, read_only=True) as existing:
            source = existing.meta().get("source", "empty")
        if source != "demo" and source != "empty" and not args.force:
            _error(t("cli.demo_guard", path=db_path))
            return 2
    with create_demo_database(
        db_path, sellers=args.sellers, years=args.years, seed=args.seed, end=args.end
    ) as coach:
        counts = coach.query("table_row_counts")
    listed = ", ".join(f"{n} {t}" for t, n in zip(counts["table_name"], counts["row_count"], strict=True))
    print(f"wrote demo data to {db_path}: {listed}")
    return 0


def _attention(args: argparse.Namespace, db_path: Path) -> int:
    """One row per seller who needs attention on --as-of, ranked (salescoach.attention)."""
    from salescoach import attention
    from salescoach.store import connect

    if not db_path.exists():
        _error(t("cli.no_database", path=db_path))
        return 2
    with connect(db_path, read_only=True) as coach:
        ranked = attention.attention_list(coach, args.as_of)
    frame = attention.for_export(ranked, csv=args.format == "csv")
    if args.format == "json":
        sys.stdout.write(
            frame.to_json(orient="records", date_format="iso", indent=2, force_ascii=False) + "\n"
        )
    else:
        frame.to_csv(sys.stdout, index=False)
    return 0


# -- the team review: its PDF and the Monday digest (salescoach/review.py) ---------------------


def _review_arguments(parser, db_help: str) -> None:
    parser.add_argument("--as-of", dest="as_of", type=_date, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--team", help="one team (default: every team the reader may see)")
    parser.add_argument("--db", type=Path, help=db_help)


def _review_pdf_parser(commands, db_help: str) -> None:
    pdf = commands.add_parser("review-pdf", help="write the team review as one PDF (A4 landscape)")
    _review_arguments(pdf, db_help)
    pdf.add_argument("--out", type=Path, required=True, metavar="FILE", help="the PDF file to write")


def _digest_parser(commands, db_help: str) -> None:
    digest = commands.add_parser(
        "digest", help="e-mail the team review (attention list, the week's changes, the PDF) through SMTP"
    )
    _review_arguments(digest, db_help)
    digest.add_argument(
        "--to",
        required=True,
        metavar="ADDRESS",
        help="a director or admin of the roles file: gets only their teams",
    )


def _build_review(args: argparse.Namespace, db_path: Path, allowed=None):
    """The review of args.team (or every team `allowed`), in args.lang; ValueError for a team."""
    from salescoach import i18n, review
    from salescoach.store import connect

    with connect(db_path, read_only=True) as coach:
        teams = review.review_teams(coach.query("seller_list")["team"], args.team, allowed)
        return review.build_review(coach, args.as_of, teams, args.lang or i18n.default_language())


def _review_pdf(args: argparse.Namespace, db_path: Path) -> int:
    from salescoach import review_pdf

    if not db_path.exists():
        _error(t("cli.no_database", path=db_path))
        return 2
    try:
        agenda = _build_review(args, db_path)
    except ValueError as error:
        _error(error)
        return 2
    data = review_pdf.review_pdf(agenda)
    try:
        args.out.write_bytes(data)
    except OSError as error:
        _error(t("cli.review_not_written", path=args.out, error=error.strerror or error))
        return 1
    print(t("cli.review_written", date=args.as_of, pages=agenda.page_count, path=args.out))
    return 0


def _digest(args: argparse.Namespace, db_path: Path) -> int:
    import smtplib

    from salescoach import access, digest

    if not db_path.exists():
        _error(t("cli.no_database", path=db_path))
        return 2
    try:
        settings = digest.smtp_settings()
        viewer = digest.recipient(args.to, access.roles_path())
        agenda = _build_review(args, db_path, None if viewer.sees_every_team else viewer.teams)
    except ValueError as error:  # DigestError too
        _error(error)
        return 2
    message = digest.digest_message(agenda, args.to, settings.sender, name=viewer.name)
    try:
        digest.send(message, settings)
    except (smtplib.SMTPException, OSError) as error:
        _error(t("cli.digest_not_sent", server=f"{settings.host}:{settings.port}", error=text(error)))
        return 1
    print(t("cli.digest_sent", date=args.as_of, address=args.to, teams=", ".join(agenda.teams) or "–"))
    return 0


REVIEW_COMMANDS = {"review-pdf": _review_pdf, "digest": _digest}
