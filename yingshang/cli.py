"""The `yingshang` command: `yingshang parse FILE …` runs the policy parser; anything else is a
Django management command (`yingshang migrate`, `yingshang demo`, `yingshang db_worker`, …)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "parse":
        from policyparse.cli import main as parse_main

        return parse_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yingshang", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
