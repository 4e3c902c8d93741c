import hashlib
import posixpath

from django.core.management.base import BaseCommand, CommandError

from handouts.models import IssuedHandout
from handouts.services import rerender_issued
from handouts.storage import private_storage

# Where handouts were stored as files before their PDFs moved into the database. Nothing
# writes there any more; a file found there is left from an older install.
FOLDER = "handouts"


def stored_files(storage, folder):
    """Every file under `folder` in the storage, subfolders included (none if no folder)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [posixpath.join(folder, name) for name in files]
    for subfolder in folders:
        names += stored_files(storage, posixpath.join(folder, subfolder))
    return names


def file_sha256(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        for chunk in iter(lambda: stored.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


class Command(BaseCommand):
    help = (
        "Re-hashes every issued handout's PDF stored in the database, and lists the files "
        "left in the private storage's handouts/ folder from before PDFs moved into the "
        "database. Exits 1 if a PDF is changed or missing or such a file is left. "
        "--remove-orphans deletes the files that no handout needs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove-orphans",
            action="store_true",
            help=(
                "Delete the files left in handouts/ whose bytes the database holds, or that "
                "belong to no handout, and say which. A file holding the PDF of a handout "
                "whose bytes are missing from the database is kept."
            ),
        )
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

    def handle(self, *args, remove_orphans=False, rerender=False, **options):
        problems = []
        intact = {}  # sha256 -> pk of a handout whose stored bytes match it
        lacking = {}  # sha256 -> pk of a handout with no stored bytes
        checked = 0
        # Handouts with their bytes, one row at a time: 100,000 PDFs never sit in memory.
        rows = IssuedHandout.objects.order_by("pk").values_list("pk", "sha256", "stored_pdf__data")
        for pk, sha256, data in rows.iterator(chunk_size=50):
            checked += 1
            if data is None:
                lacking[sha256] = pk
                problems.append(f"handout {pk}: its PDF is missing")
            elif hashlib.sha256(data).hexdigest() != sha256:
                problems.append(f"handout {pk}: its PDF does not match its SHA-256")
            else:
                intact[sha256] = pk

        if rerender:
            problems += self.rerendered()
        left, kept = self.left_over_files(intact, lacking, remove=remove_orphans)

        for problem in problems:
            self.stderr.write(problem)
        failures = []
        if problems:
            failures.append(f"{len(problems)} of {checked} handouts failed the check")
        if left:
            failures.append(
                f"{FOLDER}/ holds {plural(len(left), 'file', 'files')} left from before"
                + (" (--remove-orphans deletes them)" if not remove_orphans else "")
            )
        if kept:
            failures.append(f"{plural(len(kept), 'file was', 'files were')} kept")
        if failures:
            raise CommandError("; ".join(failures) + ".")
        self.stdout.write(
            f"All {checked} handouts match their SHA-256, and no file is left in {FOLDER}/."
        )

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

    def left_over_files(self, intact, lacking, *, remove):
        """Reports each file in handouts/ (files from an older install that stored
        handouts as files); with `remove`, deletes those the database does not
        need. Returns (files reported and not removed, files kept on purpose)."""
        left, kept = [], []
        for name in stored_files(private_storage, FOLDER):
            try:
                sha256 = file_sha256(private_storage, name)
            except FileNotFoundError:
                continue  # gone already
            if sha256 in lacking:
                self.stderr.write(
                    f"{name}: kept, it holds the PDF of handout {lacking[sha256]}, which is "
                    "missing from the database"
                )
                kept.append(name)
                continue
            reason = (
                f"the database holds its bytes (handout {intact[sha256]})"
                if sha256 in intact
                else "no issued handout has these bytes"
            )
            if remove:
                private_storage.delete(name)
                self.stdout.write(f"Removed {name}: {reason}.")
            else:
                self.stderr.write(f"{name}: left from before, {reason}")
                left.append(name)
        return left, kept
