"""Where one search request's time goes (issue 31), on a database filled by `seed_scale`
(DATABASE_URL or SQLITE_PATH names it, as for bench/pages.py): for the library and the
patient searches, the median of each part over RUNS requests of every query word list.

- total: the request through Django's test client (middleware, session, view, template);
- queries: every SQL statement's time (one execute wrapper), and how many;
- template: the page template's render (the top-level Template.render), and
  template_queries: the queries run inside it (a queryset the template reads first);
- audit: the audit row (audit.log.write, its INSERT included: also counted in queries);
- other: what is left (middleware, session, forms, pagination, Python in the view).
- ping: the least a request costs (bench/urls.py's trivial view): middleware alone.

Usage: DJANGO_SETTINGS_MODULE=bench.settings bench/profile.py LABEL. Printed lines are
`profile_<search>_<part>_ms_<label>: value`; BENCH_SMOKE=1 for 2 requests each."""

import os
import statistics
import sys
import time
from contextlib import ExitStack, contextmanager
from unittest import mock

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from common import collect_static, scaled  # noqa: E402  first: sets Django up
from django.db import connection  # noqa: E402
from django.template.backends.django import Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from pages import LIBRARY_QUERIES, PATIENT_QUERIES, _query, seeded_therapist  # noqa: E402

import audit.log  # noqa: E402

RUNS = scaled(10, 2)


class Parts:
    def __init__(self):
        self.clear()

    def clear(self):
        self.seconds = {"queries": 0.0, "template": 0.0, "template_queries": 0.0, "audit": 0.0}
        self.in_template = False
        self.count = 0
        self.slowest = (0.0, "")

    def add(self, part, seconds):
        self.seconds[part] += seconds


@contextmanager
def measured(parts):
    def query_timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - start
            parts.add("queries", spent)
            if parts.in_template:  # a queryset the template reads first
                parts.add("template_queries", spent)
            parts.count += 1
            if spent > parts.slowest[0]:
                parts.slowest = (spent, sql[:160])

    def timing(part, function):
        def wrapper(*args, **kwargs):
            if part == "template" and parts.in_template:
                # an {% include %} or a template a tag renders: inside the page's own
                # render, whose time holds it already (counted twice, "other" went below 0)
                return function(*args, **kwargs)
            start = time.perf_counter()
            parts.in_template = part == "template"
            try:
                return function(*args, **kwargs)
            finally:
                parts.in_template = False
                parts.add(part, time.perf_counter() - start)

        return wrapper

    with ExitStack() as stack:
        stack.enter_context(connection.execute_wrapper(query_timer))
        stack.enter_context(
            mock.patch.object(Template, "render", timing("template", Template.render))
        )
        stack.enter_context(mock.patch.object(audit.log, "write", timing("audit", audit.log.write)))
        yield


def profile(client, name, url, words, label):
    parts = Parts()
    names = ("total", "queries", "template", "template_queries", "audit", "other", "count")
    rows = {key: [] for key in names}
    slowest = {}
    with measured(parts):
        for text in words:
            address = f"{url}?{_query(text)}"
            assert client.get(address).status_code == 200  # warm-up
            for _ in range(RUNS):
                parts.clear()
                start = time.perf_counter()
                response = client.get(address)
                total = time.perf_counter() - start
                assert response.status_code == 200
                rows["total"].append(total)
                for part, seconds in parts.seconds.items():
                    rows[part].append(seconds)
                template_alone = parts.seconds["template"] - parts.seconds["template_queries"]
                rows["other"].append(total - parts.seconds["queries"] - template_alone)
                rows["count"].append(parts.count)
                slowest[text] = parts.slowest
    for part in ("total", "queries", "template", "template_queries", "audit", "other"):
        print(f"profile_{name}_{part}_ms_{label}: {statistics.median(rows[part]) * 1000:.1f}")
    print(f"profile_{name}_queries_{label}: {statistics.median(rows['count']):.0f} a request")
    for text, (seconds, sql) in slowest.items():
        print(f"  slowest query for {text!r}: {seconds * 1000:.1f} ms  {sql}")


def main():
    label = sys.argv[1] if len(sys.argv) > 1 else connection.vendor
    collect_static()
    therapist = seeded_therapist()
    client = Client()
    client.force_login(therapist.user)
    try:
        ping = reverse("bench_ping")
    except NoReverseMatch:  # run under rehab.settings: no trivial view to compare with
        ping = None
    if ping:
        times = []
        for _ in range(RUNS * 5):
            start = time.perf_counter()
            client.get(ping)
            times.append(time.perf_counter() - start)
        print(f"profile_ping_ms_{label}: {statistics.median(times) * 1000:.1f}")
    profile(client, "library_search", reverse("library:list"), LIBRARY_QUERIES, label)
    profile(client, "patient_search", reverse("programs:patients"), PATIENT_QUERIES, label)


if __name__ == "__main__":
    main()
