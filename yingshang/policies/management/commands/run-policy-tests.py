"""`yingshang run-policy-tests`: run every policy's rule test cases; exit 1 when any fails."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yingshang.policies.models import Policy
from yingshang.policies.services import run_policy_tests


class Command(BaseCommand):
    help = "运行惠企政策规则的测试用例(默认全部政策；有不通过的用例时以状态1退出)。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--policy", type=int, action="append", help="只运行这些政策(编号，可多次给出)")

    def handle(self, *args: Any, **options: Any) -> None:
        policies = Policy.objects.exclude(status=Policy.Status.WITHDRAWN).order_by("id")
        if options["policy"]:
            policies = policies.filter(pk__in=options["policy"])
        total = failed = 0
        for policy in policies:
            for result in run_policy_tests(actor=None, policy=policy):
                total += 1
                mark = "通过" if result.passed else "不通过"
                if not result.passed:
                    failed += 1
                self.stdout.write(f"[{mark}] {policy.pk} {policy.title} · {result.case.name}：{result.got}")
        self.stdout.write(f"共 {total} 个测试用例，{failed} 个不通过。")
        if failed:
            raise CommandError(f"{failed} 个测试用例不通过")
