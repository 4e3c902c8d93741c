"""BENCH_SMOKE=1 runs every benchmark at a tiny scale, seconds each (`make bench-smoke`,
which CI runs), so that a change that breaks a benchmark fails there instead of at the
next `make bench`. Its numbers mean nothing: a missed target is printed, never failed.
What a benchmark checks on the way (its asserts: the pages answer 200, both sides of a
ratio print the same document, query counts stay flat, a backup restores every row, the
mixed load's requests all answer as in use) fails it at any scale, with a non-zero exit
status. bench/mixed.py's smoke run is 4 clients for 3 s on each database.

This module sets nothing up (bench/scale.py and bench/backup.py import it without Django)."""

import os

_VALUES = {"": False, "0": False, "false": False, "1": True, "true": True}
_value = os.environ.get("BENCH_SMOKE", "").strip().lower()
if _value not in _VALUES:
    raise SystemExit(f"BENCH_SMOKE must be 1 or 0, not {_value!r}")
SMOKE = _VALUES[_value]


def scaled(full, smoke):
    """`full` for `make bench`, `smoke` for `make bench-smoke`."""
    return smoke if SMOKE else full


def env_count(name, full, smoke):
    """A count from the environment (BENCH_EXERCISES...), else the scale's default."""
    value = os.environ.get(name)
    if value is None:
        return scaled(full, smoke)
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}") from None
