"""scripts/system-packages, which `make run`, `make test` and CI call: silent when everything is
installed, apt-get (after `apt-get update` on empty lists) when something is missing, and the one
command to run when it cannot install. dpkg-query, apt-get, id and sudo are stand-ins here."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system-packages"


def stub(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def machine(tmp_path):
    """A PATH with stand-ins; returns a function running the script on it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    stub(
        bin_dir,
        "dpkg-query",
        'shift 2; for p in "$@"; do case " $INSTALLED " in *" $p "*) echo "ii |$p";; esac; done',
    )
    stub(bin_dir, "apt-get", f'echo "apt-get $*" >> {log}')
    lists = tmp_path / "lists"
    lists.mkdir()

    def run(*packages, installed="", uid="0", sudo_works=False, lists_filled=True):
        stub(bin_dir, "id", f"echo {uid}")
        stub(bin_dir, "sudo", 'shift; "$@"' if sudo_works else "exit 1")
        for old in lists.iterdir():
            old.unlink()
        if lists_filled:
            (lists / "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages").touch()
        env = {
            **os.environ,
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "INSTALLED": installed,
            "APT_LISTS": str(lists),
        }
        result = subprocess.run(
            ["sh", str(SCRIPT), *packages], env=env, capture_output=True, text=True
        )
        calls = log.read_text().splitlines() if log.exists() else []
        if log.exists():
            log.unlink()
        return result, calls

    return run


def test_nothing_is_printed_or_run_when_everything_is_installed(machine):
    result, calls = machine("libpango-1.0-0", "chromium", installed="libpango-1.0-0 chromium")
    assert (result.returncode, result.stdout, result.stderr, calls) == (0, "", "", [])


def test_missing_packages_are_installed_as_root(machine):
    result, calls = machine("libpango-1.0-0", "chromium", installed="libpango-1.0-0")
    assert result.returncode == 0
    assert result.stdout == "Installing system packages: chromium\n"
    assert calls == ["apt-get install -y -q --no-install-recommends chromium"]


def test_empty_package_lists_are_fetched_first(machine):
    result, calls = machine("chromium", lists_filled=False)
    assert result.returncode == 0
    assert calls == ["apt-get update -q", "apt-get install -y -q --no-install-recommends chromium"]


def test_a_user_with_sudo_installs_through_it(machine):
    result, calls = machine("chromium", uid="1000", sudo_works=True)
    assert result.returncode == 0
    assert calls == ["apt-get install -y -q --no-install-recommends chromium"]


def test_without_root_or_sudo_it_stops_with_the_one_command(machine):
    result, calls = machine("chromium", "poppler-utils", uid="1000")
    assert result.returncode == 1
    assert calls == []
    assert (
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends " in result.stderr
    )
    assert "chromium poppler-utils" in result.stderr


def test_the_makefile_checks_the_test_packages_for_make_test():
    recipe = subprocess.run(
        ["make", "-n", "test-system-check"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert "scripts/system-packages" in recipe
    assert "chromium" in recipe and "poppler-utils" in recipe and "libharfbuzz-subset0" in recipe
