"""Draws the exercise illustrations from the poses in exercises/illustrations.py."""

import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from library.drawings import POSES, draw

CONTACT_SHEET_COLUMNS = 4


def drawings_folder():
    return Path(settings.BASE_DIR, "static", "img", "exercises")


class Command(BaseCommand):
    help = (
        "Writes static/img/exercises/<slug>.svg for every pose in exercises/illustrations.py. "
        "With --check, writes nothing and fails if a committed drawing differs from what the "
        "code draws."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only compare: exit non-zero if a drawing is missing or out of date.",
        )
        parser.add_argument(
            "--folder",
            type=Path,
            default=None,
            help="Where the drawings live (default: static/img/exercises).",
        )
        parser.add_argument(
            "--contact-sheet",
            type=Path,
            metavar="PNG",
            help="Also write a PNG of every drawing with its name (needs WeasyPrint and "
            "pdftoppm from poppler-utils), e.g. docs/illustrations-contact-sheet.png.",
        )

    def handle(self, *args, check=False, folder=None, contact_sheet=None, **options):
        folder = folder or drawings_folder()
        drawings = {pose.slug: draw(pose) for pose in POSES}
        if check:
            stale = [
                slug
                for slug, svg in drawings.items()
                if not (folder / f"{slug}.svg").is_file()
                or (folder / f"{slug}.svg").read_text(encoding="utf-8") != svg
            ]
            if stale:
                raise CommandError(
                    f"{len(stale)} drawing(s) differ from the code: {', '.join(stale)}. "
                    "Run `manage.py draw_illustrations` and commit the result."
                )
            self.stdout.write(f"All {len(drawings)} drawings match the code.")
            return
        folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for slug, svg in drawings.items():
            path = folder / f"{slug}.svg"
            if not path.is_file() or path.read_text(encoding="utf-8") != svg:
                path.write_text(svg, encoding="utf-8")
                written += 1
        self.stdout.write(f"Wrote {written} of {len(drawings)} drawings to {folder}.")
        if contact_sheet:
            write_contact_sheet(drawings, contact_sheet)
            self.stdout.write(f"Wrote the contact sheet to {contact_sheet}.")


def write_contact_sheet(drawings, target):
    """Every drawing at the width the handout prints it (1.9 in), named, on one page:
    renders HTML to PDF with WeasyPrint, then the PDF to PNG with pdftoppm."""
    if not shutil.which("pdftoppm"):
        raise CommandError("pdftoppm is missing: `apt-get install poppler-utils`.")
    import weasyprint  # only this developer tool needs it here

    names = {pose.slug: pose.title for pose in POSES}
    cells = "".join(
        f'<figure><img src="{slug}.svg" alt=""><figcaption>{escape(names[slug])}'
        "</figcaption></figure>"
        for slug in drawings
    )
    rows = -(-len(drawings) // CONTACT_SHEET_COLUMNS)
    width, height = CONTACT_SHEET_COLUMNS * 2.05 + 0.3, rows * 1.47 + 0.3
    html = f"""<!doctype html><html lang="en"><head><style>
@page {{ size: {width:.2f}in {height:.2f}in; margin: 0.15in }}
body {{ margin: 0; font: 9pt "DejaVu Sans", sans-serif }}
main {{ display: grid; grid-template-columns: repeat({CONTACT_SHEET_COLUMNS}, 1.9in);
  column-gap: 0.15in; row-gap: 0.08in }}
figure {{ margin: 0; break-inside: avoid }}
img {{ display: block; width: 1.9in; height: auto; border: 0.5pt solid #777 }}
figcaption {{ margin-top: 2pt; text-align: center }}
</style></head><body><main>{cells}</main></body></html>"""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for slug, svg in drawings.items():
            (folder / f"{slug}.svg").write_text(svg, encoding="utf-8")
        pdf = folder / "sheet.pdf"
        weasyprint.HTML(string=html, base_url=f"{folder}/").write_pdf(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(folder / "sheet")],
            check=True,
        )
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / "sheet.png", target)
