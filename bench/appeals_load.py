"""Appeal intake under load: gunicorn (2 workers) on PostgreSQL, filings by API token, list reads alongside.

usage: DATABASE_URL=postgres://yingshang:yingshang@127.0.0.1:5432/yingshang_bench \\
       python bench/appeals_load.py [--filings 3000] [--threads 16] [--seconds 60] [--port 8765]
                                    [--client python|wrk]

With `--client wrk` (Debian's wrk) the load comes from wrk's C event loop instead of Python threads,
which on a 2-core machine otherwise take a large share of the CPU the server is measured on.

Creates the schema with migrate, a bench office user and its API token, then starts gunicorn on
127.0.0.1 and files appeals through POST /api/v1/appeals/ from a pool of threads (http.client, one
connection per request as gunicorn's sync workers close them), while one thread reads the list.
Bounded by both count and time. Prints filings/s, p50/p99 latency of filings and reads, and counts the
rows afterwards: every 201 must be exactly one stored appeal (none lost, none duplicated).
Goals: >= 300 filings/s and p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"


def setup(database_url: str) -> tuple[str, int]:
    """Migrate, then make the bench user and token. Returns (token key, region id)."""
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
    from yingshang.core.models import User
    from yingshang.core.services import create_api_token

    cast = load_core()
    user = User.objects.filter(username="bench_office").first() or User.objects.create_user(
        username="bench_office",
        password=secrets.token_urlsafe(16),
        role=User.Role.OFFICE_ADMIN,
        region=cast.regions["city"],
        display_name="压测账号",
    )
    user.api_tokens.update(revoked_at=django.utils.timezone.now())
    _, key = create_api_token(actor=user, name="bench")
    return key, cast.regions["county"].pk


def start_server(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "yingshang.wsgi",
        "-w",
        "2",
        "-b",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "30",
        *os.environ.get("BENCH_GUNICORN_ARGS", "").split(),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def request(port: int, method: str, path: str, key: str, body: dict | None = None) -> tuple[int, float]:
    payload = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


WRK_SCRIPT = r"""
-- Globals, not locals: wrk reads a thread's values with thread:get() and sets `id` with thread:set().
counter, id, ok, other = 0, 0, 0, 0
local threads = {}
function setup(thread) thread:set("id", #threads + 1); table.insert(threads, thread) end
function init(args) marker = args[1]; region = args[2] end
function request()
  counter = counter + 1
  local codes = {"consult", "help", "complaint", "factors"}
  local body = string.format(
    '{"service_code":"%s","description":"%s-%d-%d 园区供水水压不足，生产线经常停机，请求协调解决。",'
    .. '"region_id":%s,"contact_name":"压测","contact_phone":"13900000000"}',
    codes[counter % 4 + 1], marker, id, counter, region)
  return wrk.format("POST", "/api/v1/appeals/", nil, body)
end
function response(status) if status == 201 then ok = ok + 1 else other = other + 1 end end
function done(summary, latency)
  local created, failed = 0, 0
  for _, t in ipairs(threads) do created = created + t:get("ok"); failed = failed + t:get("other") end
  io.write(string.format("WRK created=%d failed=%d seconds=%.3f p50=%.1f p99=%.1f\n",
    created, failed, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def run_wrk(args: argparse.Namespace, key: str, region_id: int, marker: str) -> None:
    """Load from wrk (connections = --threads, 2 wrk threads), then the same row count check."""
    import re
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_SCRIPT)
    proc = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.threads}",
            f"-d{int(args.seconds)}s",
            "--latency",
            "-s",
            fh.name,
            "-H",
            f"Authorization: Bearer {key}",
            "-H",
            "Content-Type: application/json",
            f"http://{HOST}:{args.port}/",
            "--",
            marker,
            str(region_id),
        ],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"wrk failed ({proc.returncode}): {proc.stderr or proc.stdout}")
    out = proc.stdout
    os.unlink(fh.name)
    m = re.search(r"WRK created=(\d+) failed=(\d+) seconds=([\d.]+) p50=([\d.]+) p99=([\d.]+)", out)
    if m is None:
        raise SystemExit(f"could not read wrk's output:\n{out}")
    created, failed = int(m[1]), int(m[2])
    seconds, p50, p99 = float(m[3]), float(m[4]), float(m[5])
    from yingshang.appeals.models import Appeal

    rows = Appeal.objects.filter(description__startswith=f"{marker}-")
    stored = rows.count()
    distinct = rows.values("description").distinct().count()
    print(
        f"filings: {created} created, {failed} other answers, in {seconds:.1f} s "
        f"(wrk, {args.threads} connections, gunicorn -w 2, PostgreSQL)"
    )
    print(f"filings/s: {created / seconds:.0f}")
    print(f"filing latency ms: p50 {p50:.1f}  p99 {p99:.1f}")
    # wrk may stop while a request is in flight: a row whose 201 it never read is counted, not lost.
    lost, duplicated = max(0, created - distinct), stored - distinct
    print(f"rows stored: {stored}; lost: {lost}; duplicated: {duplicated}")
    goal = created / seconds >= 300 and p99 < 100
    print("goal (>= 300 filings/s, p99 < 100 ms): " + ("met" if goal else "NOT met"))
    if lost or duplicated:
        raise SystemExit("rows lost or duplicated")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--filings", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--client", choices=["python", "wrk"], default="python")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("DATABASE_URL=postgres://… is required (the figures are for PostgreSQL)")
    key, region_id = setup(database_url)
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "DEBUG": "0"}
    marker = f"bench-{secrets.token_hex(4)}"
    server = start_server(args.port, env)
    if args.client == "wrk":
        try:
            run_wrk(args, key, region_id, marker)
        finally:
            server.terminate()
            server.wait(10)
        return
    lock = threading.Lock()
    next_index = iter(range(args.filings))
    filed: list[float] = []
    reads: list[float] = []
    failures: dict[int, int] = {}
    deadline = time.monotonic() + args.seconds
    stop = threading.Event()

    def filer() -> None:
        while time.monotonic() < deadline:
            with lock:
                i = next(next_index, None)
            if i is None:
                return
            body = {
                "service_code": ("consult", "help", "complaint", "factors")[i % 4],
                "description": f"{marker}-{i} 园区供水水压不足，生产线经常停机，请求协调解决。",
                "region_id": region_id,
                "contact_name": "压测",
                "contact_phone": "13900000000",
            }
            status, seconds = request(args.port, "POST", "/api/v1/appeals/", key, body)
            with lock:
                if status == 201:
                    filed.append(seconds)
                else:
                    failures[status] = failures.get(status, 0) + 1

    def reader() -> None:
        while not stop.is_set() and time.monotonic() < deadline:
            status, seconds = request(args.port, "GET", "/api/v1/appeals/?limit=20", key)
            if status == 200:
                reads.append(seconds)

    try:
        started = time.perf_counter()
        threads = [threading.Thread(target=filer) for _ in range(args.threads)]
        read_thread = threading.Thread(target=reader)
        for t in threads:
            t.start()
        read_thread.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        stop.set()
        read_thread.join()
    finally:
        server.terminate()
        server.wait(10)

    from yingshang.appeals.models import Appeal

    rows = Appeal.objects.filter(description__startswith=f"{marker}-")
    stored = rows.count()
    distinct = rows.values("description").distinct().count()
    print(
        f"filings: {len(filed)} ok, failures {failures or 0}, in {elapsed:.1f} s "
        f"({args.threads} threads, gunicorn -w 2, PostgreSQL)"
    )
    print(f"filings/s: {len(filed) / elapsed:.0f}")
    print(
        f"filing latency ms: p50 {pct(filed, 50):.1f}  p99 {pct(filed, 99):.1f}  "
        f"mean {statistics.fmean(filed) * 1000 if filed else float('nan'):.1f}"
    )
    print(f"list reads: {len(reads)}, latency ms p50 {pct(reads, 50):.1f}  p99 {pct(reads, 99):.1f}")
    lost, duplicated = len(filed) - distinct, stored - distinct
    print(f"rows stored: {stored}; lost: {lost}; duplicated: {duplicated}")
    goal = len(filed) / elapsed >= 300 and pct(filed, 99) < 100
    print("goal (>= 300 filings/s, p99 < 100 ms): " + ("met" if goal else "NOT met"))
    if lost or duplicated:
        raise SystemExit("rows lost or duplicated")


if __name__ == "__main__":
    main()
