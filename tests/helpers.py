"""What several test folders share that is not a fixture: POST bodies the app's forms expect,
readers of a PDF's text, pictures and QR codes, the URL conf walk, known tokens and keys.
Fixtures stay in the conftest.py files; test modules import these from here, never from
one another."""

import copy
import datetime
import functools
import io
import re
import subprocess
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image
from pypdf import PdfReader

from handouts.models import HandoutPDF, IssuedHandout, Mode
from handouts.services import build_snapshot, handout_programs
from outcomes.services import record_answers
from phone.models import PatientLink, hash_token
from rehab.auth import SEEN_AT
from tests.factories import PASSWORD, ExerciseFactory, ProgramFactory, ProgramItemFactory

ROOT = Path(settings.BASE_DIR)

# The shipped library


# The highest Flesch-Kincaid grade a patient-facing text of the seed library may reach.
MAX_GRADE = 7.0
# The exercises of the first two seed protocols, in their order.
SEED_000 = [
    "lying-on-back",
    "shoulder-press",
    "head-press",
    "elbow-press",
    "leg-lengthener",
    "leg-press",
    "buttocks-squeeze",
    "chest-lift",
    "bridge",
    "belly-strengthening",
    "shoulder-blade-squeeze",
    "wall-push-ups",
]
SEED_001 = [
    "bent-knee-side-rotation",
    "cat-cow",
    "knees-to-chest",
    "standing-l-stretch",
    "standing-rotation",
    "standing-hip-flexor-stretch",
    "walking",
    "cycling",
]
BONE_HEALTH = "bone-health-trunk-lower-body"


# Forms in Django admin


EXERCISE_ADD = reverse("admin:library_exercise_add")
EXERCISE_CHANGELIST = reverse("admin:library_exercise_changelist")

# Admin edits the patient's words per language (django-modeltranslation): name_en, name_es...
TRANSLATED = {"name", "summary", "take_care", "illustration_alt", "text", "when", "instruction"}


def english(key):
    """The admin form's name of a field: its English column for a translated field."""
    return f"{key}_en" if key.rpartition("-")[2] in TRANSLATED else key


def exercise_form(**overrides):
    """A complete add-form POST: the exercise with one step and one benefit (translated
    fields named as their English columns, also in `overrides`)."""
    data = {
        "name": "Heel slide",
        "slug": "heel-slide",
        "summary": "Bends your knee gently.",
        "position": "back",
        "kind": "mobility",
        "hold_min_seconds": "2",
        "hold_max_seconds": "3",
        "reps": "10",
        "sets": "1",
        "side": "leg",
        "picture": "drawing",
        "illustration": "img/exercises/leg-press.svg",
        "illustration_alt": "A person lies on a mat.",
        "credit": "",
        "_save": "Save",
    }
    for prefix, rows in [("steps", 1), ("tips", 0), ("benefits", 1), ("variants", 0)]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(rows),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update({"steps-0-order": "1", "steps-0-text": "Slide your heel toward you."})
    data.update({"benefits-0-order": "1", "benefits-0-text": "Helps your knee bend."})
    data.update(overrides)
    return {english(key): value for key, value in data.items()}


def exercise_change_url(exercise):
    return reverse("admin:library_exercise_change", args=[exercise.pk])


def saved_exercise_form(exercise, **overrides):
    """The change form's POST for an exercise with one step and one benefit."""
    step, benefit = exercise.steps.get(), exercise.benefits.get()
    data = exercise_form(
        name=exercise.name,
        slug=exercise.slug,
        **{
            "steps-INITIAL_FORMS": "1",
            "steps-0-id": step.pk,
            "steps-0-exercise": exercise.pk,
            "steps-0-text": step.text,
            "benefits-INITIAL_FORMS": "1",
            "benefits-0-id": benefit.pk,
            "benefits-0-exercise": exercise.pk,
            "benefits-0-text": benefit.text,
        },
    )
    data.update({english(key): value for key, value in overrides.items()})
    return data


PROTOCOL_TRANSLATED = {"name", "intro", "general_instructions", "default_frequency"}


def protocol_form(clinic=None, exercise=None, **fields):
    """The protocol add form's POST; the printed words are posted in their English tab
    (name_en)."""
    fields = {
        f"{key}_en" if key in PROTOCOL_TRANSLATED else key: value for key, value in fields.items()
    }
    data = {
        "name_en": "Harbor shoulders",
        "slug": "harbor-shoulders",
        "clinic": clinic.pk if clinic else "",
        "intro_en": "",
        "general_instructions_en": "",
        "default_frequency_en": "Once a day",
        "items-TOTAL_FORMS": "1" if exercise else "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        **fields,
    }
    if exercise:
        data.update(
            {
                "items-0-exercise": exercise.pk,
                "items-0-order": "1",
                "items-0-own_dose": "on",
                "items-0-reps": "6",
                "items-0-sets": "2",
                "items-0-side": "",
                "items-0-note": "",
            }
        )
    return data


ACCOUNT_ADD = reverse("admin:clinics_therapist_add")
NEW_PASSWORD = "quiet meadow lantern 42"


def new_account(clinic, **overrides):
    """A complete account add-form POST: a new login and its therapist profile."""
    data = {
        "username": "nora",
        "first_name": "Nora",
        "last_name": "Quinn",
        "email": "nora@harbor.example",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "clinic": clinic.pk,
        "credentials": "PT, DPT",
        "phone": "(555) 010-4444",
        "_save": "Save",
    }
    return {**data, **overrides}


def page_without_tokens(response):
    """The page with its per-response CSRF token taken out, to compare two answers."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def form_errors(response):
    return response.context["adminform"].form.errors


# The program editor


def editor_data(program, items, lock_version=None, **header):
    """The POST the editor page sends: header fields, management form, one block per row."""
    data = {
        "title": program.title,
        "frequency": program.frequency,
        "special_instructions": program.special_instructions,
        "general_instructions": program.general_instructions,
        "lock_version": lock_version or program.lock_version,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 40,
    }
    data.update(header)
    for index, item in enumerate(items):
        row = {"ORDER": index + 1, "sets": 1, "side": "", **item}
        if "exercise" in row and hasattr(row["exercise"], "pk"):
            row["exercise"] = row["exercise"].pk
        for name, value in row.items():
            if name == "DELETE" and not value:
                continue
            data[f"items-{index}-{name}"] = value
    return data


# Drawings


SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'
OUT = "http://x.example/p.svg#a"
# A drawing's CSS is read as a browser reads it: escapes spell what they spell, the whole
# <style> counts, and nothing in it may fetch from outside the drawing.
# kind -> (drawing, the reason given)
CSS_BYPASSES = {
    "url() spelt with an escape in a style": (
        SVG.format(rf'<rect style="fill:\75 rl({OUT})"/>'),
        f"<rect> has a style that fetches from outside (url({OUT})).",
    ),
    "@import spelt with an escape": (
        SVG.format(r'<style>@\69mport "http://x.example/a.css";</style>'),
        "A <style> element fetches from outside (@import).",
    ),
    "@import spelt with an escape, in CDATA": (
        SVG.format(r'<style><![CDATA[@\69mport "http://x.example/a.css";]]></style>'),
        "A <style> element fetches from outside (@import).",
    ),
    "image-set()": (
        SVG.format('<style>rect { fill: image-set("http://x.example/p.png" 1x) }</style>'),
        "A <style> element fetches from outside (image-set()).",
    ),
    "-webkit-image-set() in a style": (
        SVG.format("<rect style=\"fill:-webkit-image-set('http://x.example/p.png' 1x)\"/>"),
        "<rect> has a style that fetches from outside (-webkit-image-set()).",
    ),
    "url() in a nested function": (
        SVG.format(rf'<rect style="fill:var(--paint, calc(1) \75 rl({OUT}))"/>'),
        f"<rect> has a style that fetches from outside (url({OUT})).",
    ),
    "url() with a quoted address, escaped, in a presentation attribute": (
        SVG.format(rf"""<rect fill="u\72l('{OUT}')"/>"""),
        f"<rect> has a fill that fetches from outside (url({OUT})).",
    ),
    "text after a child element in a <style>": (
        SVG.format(rf"<style>rect {{ fill: red }}<g/>rect {{ fill: \75 rl({OUT}) }}</style>"),
        f"A <style> element fetches from outside (url({OUT})).",
    ),
    "an at-rule inside a block": (
        SVG.format(r'<style>rect { @\69mport "http://x.example/a.css"; }</style>'),
        "A <style> element fetches from outside (@import).",
    ),
    "@font-face": (
        SVG.format("<style>@font-face { font-family: a; src: local(a) }</style>"),
        "A <style> element fetches from outside (@font-face).",
    ),
}
# Colours, widths and gradients named inside the drawing: what drawing programs write.
PLAIN_DRAWING = SVG.format(
    '<defs><linearGradient id="sky"><stop offset="0" stop-color="#9cf"/></linearGradient>'
    "</defs><style>.limb { stroke: rgb(20, 30, 40); stroke-width: 2px; fill: none }</style>"
    '<rect width="10" height="4" fill="url(#sky)" style="stroke:url(&quot;#sky&quot;)"/>'
    '<path class="limb" d="M1 1 L9 9" style="stroke:#333;stroke-width:1.5;opacity:.8"/>'
    '<g transform="rotate(30) translate(1 2)"><circle r="1" fill="navy"/></g>'
).encode()


# Reading a PDF


@functools.lru_cache(maxsize=32)
def pdf_pages(pdf):
    """Each page's text, whitespace collapsed to single spaces, as PDFium (Chromium's PDF
    reader) reads it. pypdf read the same text about 30 times as slowly: a 9-page handout
    took it 290 ms, about half of the time WeasyPrint takes to lay it out, and PDFium 10 ms.
    Many tests read the same handout: each is read once. PDFium reads the hyphen of a word
    broken at the end of a line as U+FFFE: here it is the hyphen printed, then a space, as
    pypdf read it."""
    document = pdfium.PdfDocument(pdf)
    try:
        texts = (page.get_textpage().get_text_range() for page in document)
        return tuple(" ".join(text.replace("\ufffe", "- ").split()) for text in texts)
    finally:
        document.close()


def pdf_text(pdf):
    """All the PDF's text, whitespace collapsed to single spaces."""
    return " ".join(pdf_pages(pdf))


def page_count(pdf):
    return len(pdf_pages(pdf))


def font_names(pdf):
    """The base font names embedded in any page, without subset prefixes."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            names.add(re.sub(r"^/?[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"])))
    return names


def figures(pdf):
    """The alt text of every figure the tagged PDF shows (an <img> that was drawn: a picture
    that failed to load prints its alt text as plain text, without a figure)."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []

    def walk(node):
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def raster_images(pdf):
    """Every raster image drawn on a page (once per image, though pages share resources)."""
    images = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for image in page.images:
            images[image.indirect_reference.idnum] = image
    return list(images.values())


def qr_urls(pdf, tmp_path):
    """Every QR code on the PDF's first page, read as a phone camera would: the page as
    a 150 dpi picture, decoded by zbar."""
    (tmp_path / "handout.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "handout.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    pictures = sorted(tmp_path.glob("page*.png"))
    found = subprocess.run(
        ["zbarimg", "--quiet", "--raw", *map(str, pictures)],
        capture_output=True,
        text=True,
    )
    return found.stdout.split()


# The patient's phone link


TOKEN = "k9Qw3RtY7uIo1PaS5dFg2HjK"  # 24 characters, as services.new_token() makes


def issue_with_link(program, user, token=TOKEN):
    """A filled handout with a patient link whose token we know (issue_handout makes a
    random one and prints it only in the PDF; tests/phone/test_qr.py reads it there)."""
    loaded = handout_programs(Mode.FILLED).get(pk=program.pk)
    snapshot = build_snapshot(loaded, mode=Mode.FILLED, large_print=False)
    handout = IssuedHandout.objects.create(
        program=program, mode="filled", snapshot=snapshot, sha256="0" * 64, issued_by=user
    )
    HandoutPDF.objects.create(handout=handout, data=b"%PDF stand-in")
    return PatientLink.objects.create(handout=handout, token_sha256=hash_token(token))


# Routes


def leaf_patterns(resolver=None, prefix="", namespace=""):
    """(regex of the whole path, name, pattern) for every view the URL conf can reach."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        regex = prefix + pattern.pattern.regex.pattern.lstrip("^")
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from leaf_patterns(pattern, regex, inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield regex, name, pattern


MISSING = 999_999  # an id no object has
PATIENT_DATA_NAMESPACES = ("programs:", "handouts:")


def object_routes():
    """(name, the kind of object its <pk> names) for every patient-data route with an id."""
    routes = []
    for regex, name, _ in leaf_patterns():
        if not (name and name.startswith(PATIENT_DATA_NAMESPACES) and "(?P<" in regex):
            continue
        kind = regex.split("/", 1)[0]  # patients/, programs/ or handouts/
        routes.append((name, {"patients": "patient", "programs": "program"}.get(kind, kind)))
    return routes


def query_for(name, program):
    """The htmx row routes also need an exercise and a row index."""
    if name in ("programs:row", "programs:alternatives"):
        return {"exercise": program.items.first().exercise_id, "index": 0}
    return {}


# Backups and a second install


KEY = "a-test-backup-key-0123456789abcdef"
OTHER_KEY = "another-backup-key-0123456789abcdef"


def database_url(name):
    """The address of database `name` on the test suite's PostgreSQL server."""
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    user = database.get("USER") or "postgres"
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


# The browser


SCREENSHOTS = ROOT / "test-artifacts"
# How long a step may wait for the page. Under the whole suite on a two-core machine busy
# with other work, a save once did not finish within 10 s; the same test then passed five
# times in a row on its own.
TIMEOUT_MS = 20_000


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def search_settled(page, words):
    """Waits until the editor's search results are those of `words`, settled by htmx
    (static/js/editor.js marks them), and no search is on its way. Not networkidle: once a
    page has been idle, Playwright's wait for it returns at once."""
    page.wait_for_function(
        """(words) => {
          const results = document.getElementById("search-results");
          return results.dataset.query === words && results.dataset.pending === undefined;
        }""",
        arg=words,
    )


def older_snapshot(snapshot, version):
    """The snapshot as the given older version stored it (see snapshot.py's list)."""
    data = copy.deepcopy(snapshot)
    if version <= 8:
        for exercise in data["exercises"]:
            if exercise["progression"]:
                del exercise["progression"]["side"]
    if version <= 7:
        del data["my_week"]
    if version <= 6:
        for exercise in data["exercises"]:
            del exercise["progression"]
    if version <= 5:
        del data["when_to_call"], data["therapist_phone"]
    if version <= 4:
        del data["language"]
        for exercise in data["exercises"]:
            del exercise["picture"], exercise["exercise_id"], exercise["language"]
    if version <= 3:
        del data["sheets"]
    if version <= 2:
        del data["clinic"]["address"], data["clinic"]["logo"]
    if version <= 1:
        del data["version"]
        for exercise in data["exercises"]:
            exercise["cautions"] = exercise.pop("take_care")
    else:
        data["version"] = version
    return data


# Outcome measures' answers (tests/outcomes)

TODAY = datetime.date(2026, 11, 30)


def answer_psfs(patient, psfs, activities, values, day, **extra):
    return record_answers(
        patient=patient,
        measure=psfs,
        values={activity.pk: value for activity, value in zip(activities, values, strict=True)},
        day=day,
        source=extra.pop("source", "visit"),
        **extra,
    )


def answer_one(patient, measure, value, day, **extra):
    return record_answers(
        patient=patient,
        measure=measure,
        values={measure.items.get().pk: value},
        day=day,
        source=extra.pop("source", "visit"),
        **extra,
    )


def expire_session(context):
    """Moves the browser's session's last-seen time past the idle limit."""
    key = next(c["value"] for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key=key)
    session[SEEN_AT] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()


# Photos on handouts (tests/handouts)


def photo_bytes(seed=0, size=(1600, 1200), kind="JPEG", mode="RGB"):
    """A camera-sized colour photo that compresses badly (noise over a gradient): the worst
    case for the handout's size."""
    noise = Image.effect_noise(size, 40 + seed % 30).convert("L")
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", [noise, gradient, Image.blend(noise, gradient, 0.5)])
    out = io.BytesIO()
    image.convert(mode).save(out, kind)
    return out.getvalue()


def photo_exercise(name="Step up", seed=0, **photo):
    exercise = ExerciseFactory(name=name, picture="photo", illustration_alt=f"{name} photo.")
    exercise.photo.save("step.jpg", ContentFile(photo_bytes(seed, **photo)))
    return exercise


def program_of(therapist, *exercises):
    program = ProgramFactory(therapist=therapist, patient__clinic=therapist.clinic)
    for order, exercise in enumerate(exercises, start=1):
        ProgramItemFactory(program=program, exercise=exercise, order=order)
    return program


def snapshot_of(program):
    loaded = handout_programs("filled").get(pk=program.pk)
    return build_snapshot(loaded, mode="filled", large_print=False)


# axe-core in the browser (tests/browser)

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}"""


def axe_violations(page):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is a devDependency).")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE, RULES)


# "Print handout" in the browser (tests/browser)

PDF_TAB_URL = re.compile(r"/handouts/\d+/pdf/$")


def print_handout(page, click=None):
    """Clicks the preview's "Print handout" (or calls `click`) and returns the new tab the
    issued PDF opens in (the preview's own tab stays). Read the PDF with
    `tab.request.get(tab.url).body()`: headless Chromium has no PDF viewer."""
    with page.expect_popup() as opened:
        if click is None:
            page.get_by_role("button", name="Print handout").click()
        else:
            click()
    tab = opened.value
    tab.wait_for_url(PDF_TAB_URL)
    return tab
