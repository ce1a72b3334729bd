"""Measure the dispatch suggestions against a labelled set: `yingshang appeal_suggest_eval FILE`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yingshang.appeals.suggest import evaluate


class Command(BaseCommand):
    help = "分办建议准确率：对标注集计算单位、指标的 top-1 / top-3 准确率"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default="tests/data/appeals_labelled.jsonl")
        parser.add_argument(
            "--blended", action="store_true", help="另按5折交叉验证计算词典与历史模型混合后的准确率"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        r = evaluate(options["path"])
        self.stdout.write(
            f"样本 {r['n']} 条；单位 top-1 {r['unit_top1']}%，top-3 {r['unit_top3']}%；"
            f"指标 top-1 {r['indicator_top1']}%，top-3 {r['indicator_top3']}%"
        )
        if options["blended"]:
            from yingshang.appeals.learning import cross_validated

            b = cross_validated(options["path"])["blended"]
            self.stdout.write(
                f"混合历史模型(5折)：单位 top-1 {b['unit_top1']}%，top-3 {b['unit_top3']}%；"
                f"指标 top-1 {b['indicator_top1']}%，top-3 {b['indicator_top3']}%"
            )
