"""How the handout prints, read back from the PDF in English and Spanish, normal and large
print: emoji in colour, not boxes; zeros without a slash; the running header on one line
whatever the name; checklist boxes of 5 mm with a hanging indent."""

import io
import re
import subprocess

import pytest
from django.core.management import call_command
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from clinics.models import PaperSize
from handouts.models import Mode
from handouts.services import build_snapshot, handout_programs, render_snapshot_pdf
from library.models import Sheet, SheetSection
from programs.models import ProgramSheet
from programs.services import change_sheets
from tests.helpers import font_names, pdf_text, raster_images

pytestmark = pytest.mark.django_db

INCH = 72
MM = INCH / 25.4
# static/css/handout.css, normal and large print
TOP_MARGIN = {False: 0.65 * INCH, True: 0.8 * INCH}
SIDE_MARGIN = {False: 0.55 * INCH, True: 0.6 * INCH}
EMOJI = ["🦴", "🧊", "🩹", "🪑", "👍🏽"]
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def snapshot_of(program, *, mode=Mode.FILLED, large_print=False, **changes):
    snapshot = build_snapshot(
        handout_programs(mode).get(pk=program.pk), mode=mode, large_print=large_print
    )
    snapshot.update(changes)
    return snapshot


def text_runs(pdf):
    """(text, base font without its subset prefix, printed size, x, y from the top) for
    every piece of text, page by page."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        found = []

        def visit(text, cm, tm, font, size, found=found, height=height):
            if text.strip() and font is not None:
                name = re.sub(r"^/?[A-Z]{6}\+", "", str(font.get("/BaseFont")))
                scale = abs(tm[3] * cm[3] + tm[1] * cm[2])
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = height - (tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
                found.append((text, name, size * scale, x, y))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def words_with_boxes(pdf, tmp_path):
    """pdftotext's words with their boxes (x0, y0 from the top, x1, y1), page by page."""
    (tmp_path / "h.pdf").write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "h.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        words = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        )
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        pages.append(
            (width, [(float(a), float(b), float(c), float(d), word) for a, b, c, d, word in words])
        )
    return pages


def use_language(patient, language):
    patient.language = language
    patient.save()


# Emoji


@pytest.fixture
def bridge_only(program):
    """The program with one exercise: what these tests read prints the same beside one or
    twelve, and a short handout lays out in a fraction of the time."""
    program.items.exclude(exercise__slug="bridge").delete()
    return program


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_emoji_in_a_note_print_in_colour_not_as_boxes(
    bridge_only, program, patient, language, large_print
):
    use_language(patient, language)
    item = program.items.get(exercise__slug="bridge")
    item.note = (
        f"Bone {EMOJI[0]} ice {EMOJI[1]} plaster {EMOJI[2]} chair {EMOJI[3]} ok {EMOJI[4]} 1234"
    )
    item.save()
    pdf = render_snapshot_pdf(snapshot_of(program, large_print=large_print))
    runs = [run for page in text_runs(pdf) for run in page]
    # Each emoji is drawn from the colour emoji font (👍🏽 as one glyph, thumb and skin
    # tone together), the words and digits around them from the text fonts.
    drawn = {text: font for text, font, *_ in runs if font == "Noto-Color-Emoji"}
    assert set(drawn) == set(EMOJI)
    assert "Noto-Color-Emoji" in font_names(pdf)
    digits = [font for text, font, *_ in runs if "1234" in text]
    assert digits and "Noto-Color-Emoji" not in digits
    # Colour glyphs are pictures in the font: one per emoji, none without the note.
    item.note = ""
    item.save()
    without = render_snapshot_pdf(snapshot_of(program, large_print=large_print))
    assert len(raster_images(pdf)) - len(raster_images(without)) >= len(EMOJI)
    assert "Noto-Color-Emoji" not in font_names(without)


# Zeros


@pytest.mark.parametrize("language", ["en", "es"])
def test_large_print_zeros_have_no_slash(bridge_only, program, patient, language):
    """Atkinson Hyperlegible's zero is slashed: in large print the zero is DejaVu Sans's
    plain one, every other character Atkinson's."""
    use_language(patient, language)
    clinic = program.therapist.clinic
    clinic.phone = "(555) 010-2030"
    clinic.save()
    pdf = render_snapshot_pdf(snapshot_of(program, large_print=True))
    runs = [run for page in text_runs(pdf) for run in page]
    zeros = [font for text, font, *_ in runs if "0" in text]
    assert zeros and {font.removesuffix("-Bold") for font in zeros} == {"DejaVu-Sans"}
    others = {font for text, font, *_ in runs if re.search(r"[1-9]", text) and "0" not in text}
    assert any("Atkinson" in font for font in others)
    atkinson = {text for text, font, *_ in runs if "Atkinson" in font}
    assert not any("0" in text for text in atkinson)
    assert "(555) 010-2030" in pdf_text(pdf)  # whole, in the order printed


def test_normal_print_zero_is_dejavu_sans_plain_zero():
    """Normal print is DejaVu Sans, whose zero is an oval without a slash or a dot: its
    outline has two contours (outside and inside), a slashed zero more."""
    font = TTFont(DEJAVU)
    zero = font["glyf"][font.getBestCmap()[ord("0")]]
    assert zero.numberOfContours == 2


# The running header


NAMES = {
    "latin-64": ("Margaret Anne Okafor-Wellington de la Cruz y Villanueva Hernández", False),
    "chinese-64": ("王" + "小明德华" * 16 + "李芳", False),
    "arabic-64": ("محمد بن عبد الله بن عبد الرحمن بن إبراهيم آل عبد العزيز الحسيني الهاشمي", False),
    "latin-150": (("Margaret Anne Okafor-Wellington " * 5)[:150], True),
    "chinese-150": (("王小明德华李芳" * 22)[:150], True),
    "arabic-150": (("محمد بن عبد الله بن عبد الرحمن " * 6)[:150], True),
}


def squeezed(text):
    return "".join(text.split())


@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("key", list(NAMES))
def test_the_running_header_holds_any_name_on_one_line(
    program, patient, key, large_print, tmp_path
):
    name, in_snapshot_only = NAMES[key]
    assert len(name) >= 64
    if in_snapshot_only:
        # Longer than a patient's name may be (120): a header must still hold it.
        snapshot = snapshot_of(program, large_print=large_print, patient=name)
    else:
        patient.name = name
        patient.save()
        snapshot = snapshot_of(program, large_print=large_print)
    pdf = render_snapshot_pdf(snapshot)
    top = TOP_MARGIN[large_print]
    # Page 1 prints the whole name.
    pages = words_with_boxes(pdf, tmp_path)
    first = " ".join(word[4] for word in pages[0][1])
    # pdftotext gives right-to-left words in the order drawn: each word, either way round.
    assert squeezed(name) in squeezed(first) or all(
        word in first or word[::-1] in first for word in name.split()
    )
    assert len(pages) > 2
    for number, (width, words) in enumerate(pages[1:], start=2):
        header = [word for word in words if word[3] < top]
        # One line: every word's box overlaps every other's (fonts differ in height).
        assert max(word[1] for word in header) < min(word[3] for word in header), number
        text = " ".join(word[4] for word in sorted(header))
        assert squeezed(text).endswith(squeezed(snapshot["date"])), f"page {number}: {text}"
        assert "…" in text, f"page {number}: the name is not shortened: {text}"
        right = width - SIDE_MARGIN[large_print] + 1
        assert max(word[2] for word in header) <= right, f"page {number}: past the margin"


# Checklist boxes


@pytest.fixture
def sheet(program):
    sheet = Sheet.objects.create(title="Checks", slug="checks")
    SheetSection.objects.create(
        sheet=sheet,
        heading="Floors",
        checklist="Zigzag rugs held down with tape that sticks on both sides, and nothing on "
        "the floor that you could trip on between the bed, the bathroom and the door\nA lamp",
    )
    ProgramSheet.objects.create(program=program, sheet=sheet)
    return sheet


@pytest.mark.parametrize("mode", [Mode.FILLED, Mode.BLANK])
@pytest.mark.parametrize("large_print", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_checklist_boxes_are_5_mm_with_a_hanging_indent(
    bridge_only, program, patient, sheet, language, large_print, mode, tmp_path
):
    use_language(patient, language)
    pdf = render_snapshot_pdf(snapshot_of(program, mode=mode, large_print=large_print))
    font = TTFont(DEJAVU)
    glyph = font["glyf"][font.getBestCmap()[ord("☐")]]
    box_em = (glyph.yMax - glyph.yMin) / font["head"].unitsPerEm
    runs = [run for page in text_runs(pdf) for run in page]
    # The boxes of lists to tick are larger than their text (an exercise's name has a box
    # as large as the name, which is not one).
    listed = [
        run[2]
        for run, after in zip(runs, runs[1:], strict=False)
        if run[0].strip() in {"☐", "☑"} and after[2] < run[2] - 1
    ]
    assert len(listed) >= 2
    assert min(listed) * box_em >= 5 * MM
    # The long line wraps; its second line starts under its text, right of its box.
    for _, words in words_with_boxes(pdf, tmp_path):
        texts = [word[4] for word in words]
        if "Zigzag" not in texts:
            continue
        index = texts.index("Zigzag")
        first, box = words[index], words[index - 1]
        assert box[4] == "☐"
        next_line = next(word for word in words[index:] if word[1] > first[3] - 1)
        assert abs(next_line[0] - first[0]) < 1.5, next_line
        assert next_line[0] > box[2]
        break
    else:
        pytest.fail("the checklist line is not printed")


def test_a_checklist_line_never_leaves_its_box_on_the_next_page(program, tmp_path):
    """The blank form on A4 with the demo's two sheets breaks a page inside a checklist
    ("A night light"): the line moves whole, its box beside its text, never alone at the top
    of the next page over the running header."""
    call_command("loaddata", "education_sheets", verbosity=0)
    clinic = program.therapist.clinic
    clinic.paper_size = PaperSize.A4
    clinic.save()
    for sheet in Sheet.objects.filter(slug__in=["fall-proof-home", "food-for-strong-bones"]):
        change_sheets(program=program, action="add", sheet=sheet)
    pdf = render_snapshot_pdf(snapshot_of(program, mode=Mode.BLANK))
    boxes = 0
    for number, (_, words) in enumerate(words_with_boxes(pdf, tmp_path), start=1):
        for box in (word for word in words if word[4] == "☐"):
            beside = [w for w in words if w[0] > box[2] and w[1] < box[3] and w[3] > box[1]]
            assert beside, f"page {number}: a box without its text at {box[1]:.0f} pt"
            boxes += 1
    assert boxes > 30
