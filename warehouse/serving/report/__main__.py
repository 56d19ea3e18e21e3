"""`python -m warehouse.serving.report`: rebuild the KPI report from the published warehouse (`make report`)."""

from __future__ import annotations

import sys

from warehouse.serving.report import ReportError, build_report


def main() -> int:
    try:
        print(f"KPI report: {build_report()}")
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
