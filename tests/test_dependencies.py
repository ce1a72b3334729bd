"""pyproject.toml, the pins in requirements*.txt and the hashed locks agree: `pip install .` declares
every runtime package the Makefile installs, each pinned version lies in its declared range, and every
package of the locks (transitive ones and the build backend included) is pinned with hashes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
BUILD_BACKEND = {"setuptools", "wheel"}
LOCK_ENTRY = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)(?P<rest>(?:[ \t]*\\\n[ \t]+--hash=\S+)*)", re.M
)


def pins(path: str) -> dict[str, Version]:
    """name → version of the `name==version` lines of a requirements file (not its -r includes)."""
    found = {}
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        (spec,) = req.specifier
        assert spec.operator == "==", f"{path}: {line} is not pinned to one version"
        found[canonicalize_name(req.name)] = Version(spec.version)
    return found


def locked(path: str) -> dict[str, tuple[Version, int]]:
    """name → (version, number of hashes) of a lock file."""
    text = (ROOT / path).read_text()
    return {
        canonicalize_name(m["name"]): (Version(m["version"]), m["rest"].count("--hash=sha256:"))
        for m in LOCK_ENTRY.finditer(text)
    }


def declared() -> tuple[dict[str, Requirement], dict[str, Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = {canonicalize_name(r.name): r for r in map(Requirement, project["dependencies"])}
    docs = {canonicalize_name(r.name): r for r in map(Requirement, project["optional-dependencies"]["docs"])}
    return base, docs


def test_pyproject_declares_every_runtime_pin_and_the_pins_fit_the_ranges() -> None:
    runtime = pins("requirements.txt")
    base, docs = declared()
    assert "django" in base
    assert {"pypdf", "python-docx"} <= set(docs)
    assert set(base) | set(docs) == set(runtime) - BUILD_BACKEND
    for name, req in {**base, **docs}.items():
        assert req.specifier, f"{name} has no version range in pyproject.toml"
        assert runtime[name] in req.specifier, f"{name}=={runtime[name]} is outside {req.specifier}"
    assert base["psycopg"].extras == {"binary"}


def test_build_backend_is_pinned_and_fits_build_system_requires() -> None:
    runtime = pins("requirements.txt")
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    for req in map(Requirement, build):
        name = canonicalize_name(req.name)
        assert name in runtime, f"the build backend {name} is not pinned"
        assert runtime[name] in req.specifier


def test_locks_hold_every_pin_with_hashes() -> None:
    for source, lock in (
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
    ):
        entries = locked(lock)
        assert len(entries) > len(pins(source))  # transitive packages are locked too
        for name, version in pins(source).items():
            assert name in entries, f"{name} is in {source} but not in {lock}: run make lock"
            assert entries[name][0] == version, f"{lock} has {name}=={entries[name][0]}, {source} {version}"
        unhashed = [name for name, (_, hashes) in entries.items() if hashes == 0]
        assert not unhashed, f"{lock}: no hash for {unhashed}"
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {n: v for n, (v, _) in runtime.items()} == {n: dev[n][0] for n in runtime if n in dev}
    assert set(runtime) <= set(dev)
    assert set(pins("requirements.txt")) <= set(pins("requirements.txt")) | set(pins("requirements-dev.txt"))


def test_the_makefile_installs_from_the_locks_with_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -q --require-hashes -r requirements.lock" in makefile
    assert "pip install -q --require-hashes -r requirements-dev.lock" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile
    assert not re.search(r"pip install[^\n]*-r requirements(-dev)?\.txt", makefile)
