"""Public rating submissions under load: wrk against gunicorn (2 workers) on PostgreSQL.

usage: DATABASE_URL=postgres://yingshang:yingshang@127.0.0.1:5432/yingshang_bench \\
       python bench/reviews_load.py [--seconds 30] [--threads 16] [--port 8766] [--windows 50]

Creates the schema, the demo units, --windows service windows and one visit token per rating to come
(一次一评: each token can rate once), then starts gunicorn on 127.0.0.1 and has wrk post ratings to
POST /api/v1/reviews/ratings without login, each with its own token, a mix of levels (about 8 % bad,
each opening a 差评 case) and sub-items. The requests carry X-Forwarded-For addresses from 5,000
phones (gunicorn's peer is 127.0.0.1, a trusted proxy), so the per-network rate limit stays at its
production value and is counted as it would be. After the server has stopped, counts the rows: every
201 must be exactly one stored rating on exactly one used token (none lost, none duplicated), and each
bad rating exactly one case. Goal: >= 400 ratings/s, p99 < 100 ms. Helpers: bench/appeals_load.py.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from appeals_load import HOST, cpu_check, start_server

TOKEN_HEADROOM_PER_SECOND = 1500

WRK_SCRIPT = r"""
-- Globals, not locals: wrk reads a thread's values with thread:get() and sets `id` with thread:set().
counter, id, ok, other, limited = 0, 0, 0, 0, 0
local threads = {}
function setup(thread) thread:set("id", #threads + 1); table.insert(threads, thread) end
function init(args) marker = args[1]; windows = tonumber(args[2]); nthreads = tonumber(args[3]) end
function request()
  -- Token i was issued for window i % windows (see issue_tokens).
  local i = counter * nthreads + (id - 1)
  counter = counter + 1
  local levels = {5, 5, 5, 4, 4, 5, 3, 4, 5, 4, 5, 2, 5, 4, 5, 4, 5, 5, 4, 5, 5, 4, 1, 5, 4}
  local level = levels[i % #levels + 1]
  local phone = i % 5000
  local body = string.format(
    '{"point_key":"%s-p%d","token":"%s%08d","level":%d,"scores":{"attitude":%d,"efficiency":%d},'
    .. '"text":"窗口服务评价 %d"}',
    marker, i % windows, marker, i, level, level, level, i)
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(phone / 65536) % 256,
    math.floor(phone / 256) % 256, phone % 256)
  return wrk.format("POST", "/api/v1/reviews/ratings", headers, body)
end
function response(status)
  if status == 201 then ok = ok + 1 elseif status == 429 then limited = limited + 1 else other = other + 1 end
end
function done(summary, latency)
  local created, failed, refused = 0, 0, 0
  for _, t in ipairs(threads) do
    created = created + t:get("ok"); failed = failed + t:get("other"); refused = refused + t:get("limited")
  end
  io.write(string.format("WRK created=%d failed=%d limited=%d seconds=%.3f p50=%.1f p99=%.1f\n",
    created, failed, refused, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
"""


def setup(database_url: str, marker: str, windows: int, tokens: int) -> None:
    """Migrate, then make the windows and the visit tokens of this run (keys and codes wrk can build)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from yingshang.core.demo import load_core
    from yingshang.reviews import services
    from yingshang.reviews.models import ServicePoint, VisitToken

    cast = load_core()
    office = cast.users["office"]
    units = [u for key, u in cast.units.items() if key.startswith("county:")]
    points = []
    for j in range(windows):
        point = services.create_point(actor=office, unit=units[j % len(units)], name=f"压测{j + 1}号窗口")
        ServicePoint.objects.filter(pk=point.pk).update(public_key=f"{marker}-p{j}")
        points.append(point.pk)
    services.current_questionnaire("onsite")
    batch = []
    for i in range(tokens):
        batch.append(VisitToken(point_id=points[i % windows], code=f"{marker}{i:08d}"))
        if len(batch) == 5000:
            VisitToken.objects.bulk_create(batch)
            batch = []
    VisitToken.objects.bulk_create(batch)


def run_wrk(args: argparse.Namespace, marker: str) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_SCRIPT)
    try:
        proc = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.threads}",
                f"-d{int(args.seconds)}s",
                "--latency",
                "-s",
                fh.name,
                f"http://{HOST}:{args.port}/",
                "--",
                marker,
                str(args.windows),
                "2",
            ],
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(fh.name)
    if proc.returncode != 0:
        raise SystemExit(f"wrk failed ({proc.returncode}): {proc.stderr or proc.stdout}")
    m = re.search(
        r"WRK created=(\d+) failed=(\d+) limited=(\d+) seconds=([\d.]+) p50=([\d.]+) p99=([\d.]+)",
        proc.stdout,
    )
    if m is None:
        raise SystemExit(f"could not read wrk's output:\n{proc.stdout}")
    keys = ("created", "failed", "limited", "seconds", "p50", "p99")
    return {k: float(v) for k, v in zip(keys, m.groups(), strict=True)}


def count_rows(marker: str) -> dict[str, int]:
    """Ratings of this run, the distinct tokens they used, tokens marked used, bad ratings and cases."""
    from django.db.models import Count, Q

    from yingshang.reviews.models import BadRatingCase, Rating, VisitToken

    ratings = Rating.objects.filter(visit_token__code__startswith=marker).order_by()
    totals = ratings.aggregate(
        stored=Count("id"),
        tokens=Count("visit_token", distinct=True),
        bad=Count("id", filter=Q(level__lte=2)),
    )
    totals["used"] = VisitToken.objects.filter(code__startswith=marker, used_at__isnull=False).count()
    totals["cases"] = BadRatingCase.objects.filter(rating__visit_token__code__startswith=marker).count()
    return totals


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=16, help="wrk connections")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--windows", type=int, default=50)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("DATABASE_URL=postgres://… is required (the figures are for PostgreSQL)")
    marker = f"B{secrets.token_hex(3).upper()}"
    tokens = int(args.seconds * TOKEN_HEADROOM_PER_SECOND)
    setup(database_url, marker, args.windows, tokens)
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "DEBUG": "0"}
    cpu_before = cpu_check()
    server = start_server(args.port, env)
    try:
        result = run_wrk(args, marker)
    finally:
        # Stop the server before counting, so a rating still in flight is either stored or not.
        server.terminate()
        server.wait(60)
    cpu_after = cpu_check()
    rows = count_rows(marker)
    created, seconds = int(result["created"]), result["seconds"]
    if created >= tokens:
        raise SystemExit("wrk used up the visit tokens; raise TOKEN_HEADROOM_PER_SECOND")
    print(
        f"ratings: {created} created, {int(result['limited'])} rate-limited, {int(result['failed'])} other "
        f"answers, in {seconds:.1f} s (wrk, {args.threads} connections; gunicorn -w 2; PostgreSQL)"
    )
    print(f"ratings/s: {created / seconds:.0f}")
    print(f"rating latency ms: p50 {result['p50']:.1f}  p99 {result['p99']:.1f}")
    # wrk may stop while a rating is in flight: a row whose 201 it never read is stored, not lost.
    lost = max(0, created - rows["stored"])
    duplicated = rows["stored"] - rows["tokens"]
    in_flight = max(0, rows["stored"] - created)
    print(
        f"rows stored: {rows['stored']}; lost: {lost}; duplicated: {duplicated}; in flight at the stop: "
        f"{in_flight}; tokens used: {rows['used']}; bad ratings: {rows['bad']}, cases: {rows['cases']}"
    )
    print(
        f"cpu check (5 M-step Python loop on both cores): {cpu_before:.2f} s before, {cpu_after:.2f} s after"
    )
    goal = created / seconds >= 400 and result["p99"] < 100
    print("goal (>= 400 ratings/s, p99 < 100 ms): " + ("met" if goal else "NOT met"))
    if lost or duplicated or rows["used"] != rows["stored"] or rows["bad"] != rows["cases"]:
        raise SystemExit("ratings lost or duplicated, or tokens and cases do not match the ratings")


if __name__ == "__main__":
    main()
