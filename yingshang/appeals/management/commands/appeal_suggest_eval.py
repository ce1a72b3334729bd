"""Measure the dispatch suggestions against a labelled set: `yingshang appeal_suggest_eval FILE`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yingshang.appeals.suggest import evaluate


class Command(BaseCommand):
    help = "分办建议准确率：对标注集计算单位、指标的 top-1 / top-3 准确率"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default="tests/data/appeals_labelled.jsonl")

    def handle(self, *args: Any, **options: Any) -> None:
        r = evaluate(options["path"])
        self.stdout.write(
            f"样本 {r['n']} 条；单位 top-1 {r['unit_top1']}%，top-3 {r['unit_top3']}%；"
            f"指标 top-1 {r['indicator_top1']}%，top-3 {r['indicator_top3']}%"
        )
