"""The shell scripts a fresh machine runs first: the Python check refuses an old Python with a clear
message, and the apt step waits while another apt process holds apt's locks instead of failing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script(path: Path, body: str) -> Path:
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(0o755)
    return path


def test_python_check_accepts_this_python() -> None:
    done = subprocess.run(
        ["bash", "scripts/check-python.sh", sys.executable, "venv"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_python_check_refuses_an_old_python_by_name(tmp_path: Path) -> None:
    # A real interpreter that reports itself as 3.9.2.
    old = _script(
        tmp_path / "python3.9",
        f'shift\nexec {sys.executable} -c \'import sys; sys.version_info = (3, 9, 2, "final", 0); '
        f'sys.version = "3.9.2"; exec(sys.argv[1])\' "$@"\n',
    )
    done = subprocess.run(
        ["bash", "scripts/check-python.sh", str(old)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "3.11" in done.stderr and "3.9.2" in done.stderr


def test_python_check_names_a_missing_python(tmp_path: Path) -> None:
    done = subprocess.run(
        ["bash", "scripts/check-python.sh", str(tmp_path / "nothing")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "3.11" in done.stderr


def test_apt_install_waits_for_the_lists_lock_and_the_dpkg_lock(tmp_path: Path) -> None:
    log = tmp_path / "calls"
    # apt-get that finds the package-lists lock busy twice, then works.
    _script(
        tmp_path / "apt-get",
        f"""echo "$*" >> {log}
if [[ "$*" == *update* ]]; then
  n=$(grep -c update {log})
  if [ "$n" -le 2 ]; then
    echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 42 (apt-get)" >&2
    exit 100
  fi
fi
""",
    )
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "APT_LOCK_RETRY_SECONDS": "0"}
    done = subprocess.run(
        ["bash", "scripts/apt-install.sh", "postgresql", "chromium"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    assert calls == ["-o DPkg::Lock::Timeout=600 update -qq"] * 3 + [
        "-o DPkg::Lock::Timeout=600 install -y -qq postgresql chromium"
    ]


def test_apt_install_fails_at_once_on_other_errors(tmp_path: Path) -> None:
    _script(tmp_path / "apt-get", 'echo "E: The repository is not signed." >&2\nexit 100\n')
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "APT_LOCK_RETRY_SECONDS": "0"}
    done = subprocess.run(
        ["bash", "scripts/apt-install.sh", "wrk"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1 and "not signed" in done.stderr
