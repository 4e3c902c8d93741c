"""gunicorn is deployed with a worker timeout long enough for a handout render on a busy
server (docs/deploying.md says why: the default 30 s killed renders under load), the same
in the README, docs/deploying.md and the load benchmarks' server (bench/common.py), and
gunicorn reads it so."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
TIMEOUT = 120
# A shell command starting with .venv/bin/gunicorn, its "\"-continued lines joined.
COMMAND = re.compile(r"^\.venv/bin/gunicorn (?:[^\n]*\\\n)*[^\n]*", re.MULTILINE)


@pytest.mark.parametrize("doc", ["README.md", "docs/deploying.md"])
def test_the_deploy_command_sets_the_timeout_and_gunicorn_reads_it(doc):
    (command,) = COMMAND.findall((ROOT / doc).read_text(encoding="utf-8"))
    args = shlex.split(command.replace("\\\n", " "))[1:]
    printed = subprocess.run(
        [GUNICORN, *args, "--print-config"], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert re.search(r"^timeout\s+= (\d+)$", printed, re.MULTILINE).group(1) == str(TIMEOUT)


def test_the_load_benchmarks_serve_as_deployed():
    bench = (ROOT / "bench" / "common.py").read_text(encoding="utf-8")
    assert f'"--timeout={TIMEOUT}"' in bench
