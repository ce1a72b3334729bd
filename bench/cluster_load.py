"""The client side of `scripts/cluster.sh test`: runs inside the cluster's client namespace and talks only to
the cluster's own addresses (the load balancer and the primary, given on the command line / DATABASE_URL).

usage (DATABASE_URL names the cluster's primary):
  cluster_load.py setup OUT.json                      migrate, bench user and API token
  cluster_load.py file OUT.json --count N [--threads T] [--seconds S] [--marker M] [--pause P]
  cluster_load.py read --count N --path /api/v1/appeals/stats
  cluster_load.py verify RESULT.json...               every acknowledged filing stored, once
  cluster_load.py count [--marker M]                  appeals stored (with that marker)
  cluster_load.py notices --count N --marker M        N notifications, one queued email task (its id)
  cluster_load.py mail --marker M --dir MAIL_DIR      each of them emailed, and how often

Every load is bounded: a fixed count of requests and a deadline, whichever comes first.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import secrets
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LB = os.environ.get("CLUSTER_LB", "10.231.0.10:80")
CREDENTIALS = Path(os.environ.get("CLUSTER_DIR", "/tmp/yingshang-cluster")) / "client.json"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    os.environ.pop("DATABASE_REPLICA_URL", None)  # counts and checks read the primary
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)


def setup(out: Path) -> None:
    _django()
    import django.utils.timezone
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from yingshang.core.demo import load_core
    from yingshang.core.models import User
    from yingshang.core.services import create_api_token

    cast = load_core()
    user = User.objects.filter(username="cluster_office").first() or User.objects.create_user(
        username="cluster_office",
        password=secrets.token_urlsafe(16),
        role=User.Role.OFFICE_ADMIN,
        region=cast.regions["city"],
        display_name="集群测试账号",
    )
    user.api_tokens.update(revoked_at=django.utils.timezone.now())
    _, key = create_api_token(actor=user, name="cluster")
    out.write_text(json.dumps({"key": key, "region_id": cast.regions["county"].pk}))
    print(f"setup: user cluster_office, token written to {out}")


def _request(method: str, path: str, key: str, body: dict[str, Any] | None = None) -> tuple[int, bytes]:
    host, port = LB.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        conn.request(
            method,
            path,
            body=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Host": host},
        )
        response = conn.getresponse()
        return response.status, response.read()
    except OSError as exc:
        return 0, str(exc).encode()
    finally:
        conn.close()


def file_appeals(out: Path, count: int, threads: int, seconds: float, marker: str, pause: float = 0) -> None:
    creds = json.loads(CREDENTIALS.read_text())
    lock = threading.Lock()
    indexes = iter(range(count))
    acked: list[dict[str, Any]] = []
    statuses: collections.Counter[int] = collections.Counter()
    sample_errors: dict[int, str] = {}
    # Who answered an error: the app (its JSON error shape), haproxy (its HTML page) or nobody (network).
    answered_by: collections.Counter[str] = collections.Counter()
    deadline = time.monotonic() + seconds

    def filer() -> None:
        while time.monotonic() < deadline:
            with lock:
                i = next(indexes, None)
            if i is None:
                return
            description = f"{marker}-{i} 园区供水水压不足，生产线经常停机，请求协调解决。"
            status, body = _request(
                "POST",
                "/api/v1/appeals/",
                creds["key"],
                {
                    "service_code": ("consult", "help", "complaint", "factors")[i % 4],
                    "description": description,
                    "region_id": creds["region_id"],
                    "contact_name": "集群测试",
                    "contact_phone": "13900000000",
                },
            )
            with lock:
                statuses[status] += 1
                if status == 201:
                    acked.append(
                        {"id": json.loads(body)["id"], "description": description, "at": time.time()}
                    )
                else:
                    sample_errors.setdefault(status, body[:200].decode("utf-8", "replace"))
                    who = "network" if status == 0 else "app" if body.startswith(b"{") else "proxy"
                    answered_by[f"{status} {who}"] += 1
            time.sleep(pause)

    started = time.perf_counter()
    pool = [threading.Thread(target=filer) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    errors = sum(n for s, n in statuses.items() if s != 201)
    out.write_text(
        json.dumps(
            {
                "marker": marker,
                "acked": acked,
                "statuses": statuses,
                "errors": errors,
                "answered_by": answered_by,
            }
        )
    )
    print(
        f"filings: {len(acked)} acknowledged, {errors} errors {dict(sorted(statuses.items()))} "
        f"in {elapsed:.1f} s ({threads} threads); errors by who answered: {dict(sorted(answered_by.items()))}"
    )
    for status, text in sorted(sample_errors.items()):
        print(f"  answer {status}: {text.strip()[:160]}")


def read(path: str, count: int) -> None:
    creds = json.loads(CREDENTIALS.read_text())
    statuses: collections.Counter[int] = collections.Counter()
    for _ in range(count):
        status, _body = _request("GET", path, creds["key"])
        statuses[status] += 1
    print(f"reads of {path}: {dict(sorted(statuses.items()))}")
    if set(statuses) != {200}:
        raise SystemExit(f"reads failed: {dict(statuses)}")


def verify(results: list[Path]) -> None:
    _django()
    from django.db.models import Count

    from yingshang.appeals.models import Appeal

    failed = False
    for path in results:
        data = json.loads(path.read_text())
        acked = {row["id"]: row["description"] for row in data["acked"]}
        stored = dict(Appeal.objects.filter(pk__in=list(acked)).values_list("id", "description"))
        lost = [pk for pk, text in acked.items() if stored.get(pk) != text]
        totals = (
            Appeal.objects.filter(description__startswith=f"{data['marker']}-")
            .order_by()
            .aggregate(rows=Count("id"), distinct=Count("description", distinct=True))
        )
        duplicated = totals["rows"] - totals["distinct"]
        unacked_stored = totals["rows"] - len(acked)
        print(
            f"verify {path.name}: acknowledged {len(acked)}, lost {len(lost)}, duplicated {duplicated}, "
            f"stored without an answer (in flight at a fault) {max(0, unacked_stored)}, errors {data['errors']}"
        )
        failed = failed or bool(lost) or duplicated > 0
    if failed:
        raise SystemExit("INVARIANT FAILED: an acknowledged filing is missing or a filing is stored twice")


def count(marker: str) -> None:
    _django()
    from yingshang.appeals.models import Appeal

    rows = Appeal.objects.all()
    if marker:
        rows = rows.filter(description__startswith=f"{marker}-")
    print(rows.count())


def notices(count: int, marker: str) -> None:
    """One queued email task for `count` notifications (the worker-kill drill): prints the task's id."""
    _django()
    from yingshang.core.models import Notification, User
    from yingshang.core.tasks import send_notification_emails

    user = User.objects.get(username="cluster_office")
    User.objects.filter(pk=user.pk).update(email="cluster_office@example.org")
    rows = Notification.objects.bulk_create(
        Notification(recipient=user, title=f"{marker} {i}", body="集群演练", kind="drill")
        for i in range(count)
    )
    result = send_notification_emails.enqueue([row.pk for row in rows])
    print(result.id)


def mail(marker: str, mail_dir: Path) -> None:
    """Every drill notification marked sent, and how many times each one's email was written."""
    import re

    _django()
    from yingshang.core.models import Notification

    rows = Notification.objects.filter(title__startswith=f"{marker} ")
    expected = {row.title for row in rows}
    unsent = rows.filter(emailed_at__isnull=True).count()
    written: collections.Counter[str] = collections.Counter()
    pattern = re.compile(rf"^Subject: ({re.escape(marker)} \d+)$", re.M)
    for path in mail_dir.glob("*.log"):
        written.update(pattern.findall(path.read_text("utf-8", "replace")))
    missing = len(expected - set(written))
    twice = sum(1 for title in expected if written[title] > 1)
    print(
        f"notifications: {len(expected)}; marked unsent: {unsent}; emails missing: {missing}; "
        f"emailed more than once: {twice}"
    )
    # At least once for every row; more than once only for the one row in flight when the worker died.
    if unsent or missing or twice > 1:
        raise SystemExit("INVARIANT FAILED: a notification was not emailed, or more than one twice")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("setup")
    p.add_argument("out", type=Path)
    p = sub.add_parser("file")
    p.add_argument("out", type=Path)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--marker", default="")
    p.add_argument("--pause", type=float, default=0, help="seconds each thread waits between filings")
    p = sub.add_parser("read")
    p.add_argument("--path", required=True)
    p.add_argument("--count", type=int, default=20)
    p = sub.add_parser("verify")
    p.add_argument("results", type=Path, nargs="+")
    p = sub.add_parser("notices")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--marker", required=True)
    p = sub.add_parser("mail")
    p.add_argument("--marker", required=True)
    p.add_argument("--dir", type=Path, required=True)
    p = sub.add_parser("count")
    p.add_argument("--marker", default="")
    args = parser.parse_args()
    if args.command == "setup":
        setup(args.out)
    elif args.command == "file":
        marker = args.marker or f"c-{secrets.token_hex(3)}"
        file_appeals(args.out, args.count, args.threads, args.seconds, marker, args.pause)
    elif args.command == "read":
        read(args.path, args.count)
    elif args.command == "verify":
        verify(args.results)
    elif args.command == "notices":
        notices(args.count, args.marker)
    elif args.command == "mail":
        mail(args.marker, args.dir)
    else:
        count(args.marker)


if __name__ == "__main__":
    main()
