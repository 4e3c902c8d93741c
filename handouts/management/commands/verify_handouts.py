import hashlib

from django.core.management.base import BaseCommand, CommandError

from handouts.models import IssuedHandout
from handouts.services import rerender_issued


class Command(BaseCommand):
    help = (
        "Re-hashes every issued handout's PDF stored in the database. Exits 1 if a PDF is "
        "changed or missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rerender",
            action="store_true",
            help=(
                "Also render every issued handout again from its stored snapshot and report "
                "each whose bytes differ (about a second each). A handout whose QR code was "
                "printed before the printed link was kept with its PDF is skipped: only its "
                "token's hash is stored."
            ),
        )

    def handle(self, *args, rerender=False, **options):
        problems = []
        checked = 0
        # Handouts with their bytes, one row at a time: 100,000 PDFs never sit in memory.
        rows = IssuedHandout.objects.order_by("pk").values_list("pk", "sha256", "stored_pdf__data")
        for pk, sha256, data in rows.iterator(chunk_size=50):
            checked += 1
            if data is None:
                problems.append(f"handout {pk}: its PDF is missing")
            elif hashlib.sha256(data).hexdigest() != sha256:
                problems.append(f"handout {pk}: its PDF does not match its SHA-256")

        if rerender:
            problems += self.rerendered()

        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} of {checked} handouts failed the check.")
        self.stdout.write(f"All {checked} handouts match their SHA-256.")

    def rerendered(self):
        """Problems found rendering each issued handout again (one at a time)."""
        problems, same, skipped = [], 0, 0
        for handout in IssuedHandout.objects.order_by("pk").iterator(chunk_size=20):
            pdf, comparable = rerender_issued(handout)
            if not comparable:
                skipped += 1
            elif handout.bytes_match(pdf):
                same += 1
            else:
                problems.append(f"handout {handout.pk}: re-rendered, its bytes differ")
        self.stdout.write(
            f"Re-rendered: {same} the same bytes, {len(problems)} different, "
            f"{skipped} not compared (a QR code from before its link was kept)."
        )
        return problems
