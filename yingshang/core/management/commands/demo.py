from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand

from yingshang.core.demo import DEMO_PASSWORD, run_demo


class Command(BaseCommand):
    help = "载入演示数据(可重复运行，不会重复创建) / load demo data (idempotent)"

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's 政策找人 sends hundreds of SMS through the logging gateway; each is also recorded in
        # the product, so they are kept out of this summary.
        sms_log = logging.getLogger("yingshang.sms")
        level = sms_log.level
        sms_log.setLevel(logging.WARNING)
        try:
            cast = run_demo(lambda line: self.stdout.write(line))
        finally:
            sms_log.setLevel(level)
        self.stdout.write("")
        self.stdout.write(f"演示账号 / demo logins (密码 password: {DEMO_PASSWORD})")
        for username, user in cast.users.items():
            where = user.unit or user.enterprise or user.region or ""
            self.stdout.write(f"  {username:<12} {user.get_role_display():<10} {user.display_name}  {where}")
