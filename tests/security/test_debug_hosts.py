"""With DEBUG on the site answers only this computer's own names, so a production that
forgot DEBUG=false refuses to start instead of showing debug pages on a public address."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

# The login page under four Host names, with the development settings (DEBUG on).
REQUESTS = """
import django
django.setup()
from django.test import Client
for host in ("clinic.example", "localhost", "127.0.0.1:8000", "[::1]:8000"):
    print(host, Client().get("/login/", HTTP_HOST=host).status_code)
"""


def run(code, **env):
    """Runs `code` in a fresh interpreter with the settings read from `env`."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "ALLOWED_HOSTS", "SECRET_KEY")
    }
    environment.update(DJANGO_SETTINGS_MODULE="rehab.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "hosts", ["rehab.clinic.example", "*", "localhost,192.168.1.20", ".example.org"]
)
def test_debug_refuses_to_start_with_a_public_host(hosts):
    result = run("import rehab.settings", DEBUG="true", ALLOWED_HOSTS=hosts)
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG is on, so ALLOWED_HOSTS may only name" in result.stderr
    assert "set DEBUG=false" in result.stderr


@pytest.mark.parametrize("hosts", ["localhost", "127.0.0.1,[::1],LOCALHOST", ""])
def test_debug_starts_with_this_computers_names(hosts):
    result = run("import rehab.settings", DEBUG="true", ALLOWED_HOSTS=hosts)
    assert result.returncode == 0, result.stderr


def test_a_public_host_is_fine_with_debug_off():
    environment = {
        "DEBUG": "false",
        "SECRET_KEY": "k3y-" + "x7Q9pL2mZ8vB4nW6rT1yU5oI3eA0sD" * 2,
        "ALLOWED_HOSTS": "rehab.clinic.example",
        "SITE_URL": "https://rehab.clinic.example",
    }
    result = run("import rehab.settings", **environment)
    assert result.returncode == 0, result.stderr


def test_debug_answers_only_local_names():
    result = run(REQUESTS, DEBUG="true")
    assert result.returncode == 0, result.stderr
    answers = dict(line.split() for line in result.stdout.splitlines())
    assert answers == {
        "clinic.example": "400",
        "localhost": "200",
        "127.0.0.1:8000": "200",
        "[::1]:8000": "200",
    }
