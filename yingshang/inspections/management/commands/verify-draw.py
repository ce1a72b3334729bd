"""`yingshang verify-draw FILE`: needs no database; see yingshang/inspections/verify_cli.py."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yingshang.inspections.verify_cli import verify_path


class Command(BaseCommand):
    help = "重新运行公布的抽取文件，核对承诺值和抽取结果的哈希值。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        code = verify_path(options["file"], self.stdout)
        if code:
            raise CommandError("核验未通过。", returncode=code)
