"""What a render leaves behind in C libraries' memory (issue 31), read from glibc's own
count of the bytes it has handed out (mallinfo2), which Python's tracemalloc does not see.
WeasyPrint 70 leaked Pango's attributes for every text asked for an OpenType feature: each
list marker's tabular digits, about 45 KiB a handout. The print stylesheet asks none."""

import ctypes
import ctypes.util
import gc

import pytest

from handouts.render import print_html

pytestmark = pytest.mark.every_render

try:
    LIBC = ctypes.CDLL(ctypes.util.find_library("c"))
    MALLINFO2 = LIBC.mallinfo2
except (OSError, AttributeError, TypeError):  # not glibc 2.33 or newer
    MALLINFO2 = None


class MallInfo2(ctypes.Structure):
    """glibc's struct mallinfo2 (malloc.h): ten counts, uordblks the bytes in use."""

    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ["arena", "ordblks", "smblks", "hblks", "hblkhd"]
        + ["usmblks", "fsmblks", "uordblks", "fordblks", "keepcost"]
    ]


def bytes_in_use():
    gc.collect()
    MALLINFO2.restype = MallInfo2
    return MALLINFO2().uordblks


LIST = "<ol>{}</ol><ul>{}</ul>".format(
    "".join(f"<li>Step {number}: lift, hold, lower.</li>" for number in range(1, 41)),
    "".join(f"<li>Tip {number}.</li>" for number in range(1, 41)),
)


@pytest.mark.skipif(MALLINFO2 is None, reason="needs glibc's mallinfo2")
def test_printing_lists_again_and_again_holds_on_to_nothing():
    for _ in range(5):  # fonts, caches and the stylesheet in place
        print_html(LIST)
    before = bytes_in_use()
    renders = 20
    for _ in range(renders):
        print_html(LIST)
    per_render = (bytes_in_use() - before) / renders
    # These 80 markers left about 50 KiB a render with the digits' default feature.
    assert per_render < 4 * 1024, f"{per_render / 1024:.1f} KiB left in use per render"


@pytest.fixture
def collections():
    """The generations of the cycle collector's passes while the test runs, in order,
    every generation's count starting from zero (no pass comes due from before)."""
    gc.collect()
    passes = []

    def note(phase, info):
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(note)
    yield passes
    gc.callbacks.remove(note)


def test_the_cycle_collector_waits_until_the_render_is_done(collections):
    """Collecting while WeasyPrint lays out a page cost a handout about 100 ms of its 600:
    one full pass over everything the worker holds. The collector now waits until the PDF
    is written, then runs a few quick passes. This 240-item list set off 70 passes before."""
    assert gc.isenabled()
    print_html(LIST * 3)
    assert len(collections) <= 5 and 2 not in collections, collections
    assert gc.isenabled()


def test_a_render_leaves_a_paused_collector_paused():
    gc.disable()
    try:
        print_html(LIST)
        assert not gc.isenabled()
    finally:
        gc.enable()
