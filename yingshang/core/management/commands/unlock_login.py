"""Lift a login lock from the command line (when no office account can log in), with an event."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from yingshang.core import services
from yingshang.core.errors import DomainError
from yingshang.core.models import User
from yingshang.core.throttle import current_locks


class Command(BaseCommand):
    help = "解除登录锁定 / unlock an account or an address locked after repeated login failures"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", default="", help="the locked account")
        parser.add_argument("--ip", default="", help="the locked address")
        parser.add_argument("--by", default="", help="the office account that authorises the unlock")
        parser.add_argument("--list", action="store_true", help="list current locks and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for lock in current_locks():
                self.stdout.write(
                    f"{lock.kind}\t{lock.value}\t{lock.failures}\tuntil {lock.until:%Y-%m-%d %H:%M}"
                )
            return
        actor = User.objects.filter(username=options["by"], is_active=True).first()
        if actor is None:
            raise CommandError("--by must name an active office account (营商办管理员)")
        try:
            cleared = services.unlock_login(
                actor=actor, username=options["username"], ip_address=options["ip"]
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"unlocked, {cleared} failures cleared")
