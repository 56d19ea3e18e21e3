"""Command line: `python -m extractors list` and `python -m extractors parse <dataset> <file>`.

`parse` prints one JSON object per record on stdout and exits 0; on input it cannot parse it
prints a one-line error naming the dataset, the file and what was expected, and exits 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from extractors import registry
from extractors.errors import ParseError


def _default(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list datasets")
    p_parse = sub.add_parser("parse", help="parse a saved payload and print JSON lines")
    p_parse.add_argument("dataset")
    p_parse.add_argument("file", type=Path)
    args = parser.parse_args(argv)

    if args.command == "list":
        for name, ds in sorted(registry.DATASETS.items()):
            print(f"{name}\t{ds.description}")
        return 0

    try:
        dataset = registry.get(args.dataset)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    try:
        payload = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.dataset}: {args.file}: cannot read file ({exc.strerror})", file=sys.stderr)
        return 1
    try:
        records = dataset.parse(payload)
    except ParseError as exc:
        print(exc.for_file(str(args.file)), file=sys.stderr)
        return 1
    except Exception as exc:  # a parser bug or truly unexpected input: still one clear line
        print(f"{args.dataset}: {args.file}: cannot parse ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1
    try:
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False, default=_default) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # `| head` closed the pipe: not an error of ours
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
