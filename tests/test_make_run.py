"""`make run` prints a phone address that works (issue 30, point 3): the QR codes follow
HOST, and `make run-lan` serves the clinic's network within the rule that DEBUG answers
only this computer's names (rehab/settings.py)."""

import os
import subprocess
import sys

from django.conf import settings

# Nothing is installed or rebuilt: only the commands `make` would run are printed.
OLD = ["-o", ".venv/.installed", "-o", "node_modules/.installed", "-o", "system"]


def make_commands(*arguments):
    result = subprocess.run(
        ["make", "-n", *OLD, *arguments],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_the_qr_codes_follow_host():
    lines = make_commands("run", "HOST=127.0.0.1:8433")
    served = [line for line in lines if "manage.py runserver" in line]
    assert served == [
        "SITE_URL=http://127.0.0.1:8433 .venv/bin/python manage.py runserver 127.0.0.1:8433"
    ]
    assert any("QR codes open http://127.0.0.1:8433/h/" in line for line in lines)
    assert any("make run-lan" in line for line in lines)


def test_every_interface_prints_an_address_this_computer_opens():
    lines = make_commands("run", "HOST=0.0.0.0:8000")
    assert any(
        line.endswith("runserver 0.0.0.0:8000") and "SITE_URL=http://127.0.0.1:8000 " in line
        for line in lines
    )


def test_a_given_site_url_wins():
    lines = make_commands("run", "SITE_URL=http://clinic-pc.local:8000")
    assert any(line.startswith("SITE_URL=http://clinic-pc.local:8000 ") for line in lines)


def test_run_lan_serves_the_network_with_debug_off():
    lines = make_commands("run-lan", "LAN_ADDRESS=192.168.1.20", "LAN_PORT=8001")
    served = next(line for line in lines if "manage.py runserver" in line)
    assert served.endswith("runserver 0.0.0.0:8001")
    for setting in [
        "DEBUG=false",
        "ALLOWED_HOSTS=192.168.1.20,127.0.0.1,localhost",
        "SITE_URL=http://192.168.1.20:8001",
        "SECURE_SSL_REDIRECT=false",
        "SESSION_COOKIE_SECURE=false",
    ]:
        assert setting in served
    assert any("manage.py collectstatic" in line for line in lines)


def test_run_lans_settings_start():
    """The settings run-lan gives are accepted (DEBUG off, so a LAN address is allowed)."""
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "rehab.settings",
        "DEBUG": "false",
        "SECRET_KEY": "k3y-" + "x7Q9pL2mZ8vB4nW6rT1yU5oI3eA0sD" * 2,
        "ALLOWED_HOSTS": "192.168.1.20,127.0.0.1,localhost",
        "SITE_URL": "http://192.168.1.20:8001",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    code = "from django.conf import settings as s; print(s.DEBUG, s.ALLOWED_HOSTS[0], s.SITE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "192.168.1.20", "http://192.168.1.20:8001"]
