import posixpath
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from handouts.models import IssuedHandout

FOLDER = "handouts"
# issue_handout() stores the PDF a moment before it writes the row, so a file this new
# may be a handout being issued right now: --remove-orphans leaves it to a later run.
ORPHAN_MIN_AGE = timedelta(hours=1)


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


def plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


class Command(BaseCommand):
    help = (
        "Re-hashes every issued handout's stored PDF and looks for files in the private "
        "storage's handouts/ folder that no issued handout names (left by a worker that died "
        "between storing a PDF and writing its row). Exits 1 if a PDF is changed or missing "
        "or a file belongs to no handout. --remove-orphans deletes those files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove-orphans",
            action="store_true",
            help=(
                "Delete the files in handouts/ that no issued handout names, and say which; "
                "a file less than an hour old is kept (a handout being issued stores its PDF "
                "just before its row)."
            ),
        )

    def handle(self, *args, remove_orphans=False, **options):
        storage = IssuedHandout._meta.get_field("pdf").storage
        # Listed before the rows are read, so a handout issued meanwhile has its row by then.
        files = stored_files(storage, FOLDER)
        problems = []
        named = set()
        checked = 0
        for handout in IssuedHandout.objects.order_by("pk").iterator():
            checked += 1
            named.add(posixpath.normpath(handout.pdf.name))
            try:
                intact = handout.hash_matches()
            except OSError:
                problems.append(f"handout {handout.pk}: {handout.pdf.name} is missing")
                continue
            if not intact:
                problems.append(
                    f"handout {handout.pk}: {handout.pdf.name} does not match its SHA-256"
                )
        orphans = [name for name in files if posixpath.normpath(name) not in named]
        if remove_orphans:
            orphans = self.remove(storage, orphans)

        for problem in problems:
            self.stderr.write(problem)
        for name in orphans:
            self.stderr.write(f"{name}: no issued handout names this file")
        failures = []
        if problems:
            failures.append(f"{len(problems)} of {checked} handouts failed the check")
        if orphans:
            failures.append(
                f"{FOLDER}/ holds {plural(len(orphans), 'file', 'files')} no handout names"
                + ("" if remove_orphans else " (--remove-orphans deletes them)")
            )
        if failures:
            raise CommandError("; ".join(failures) + ".")
        self.stdout.write(
            f"All {checked} handouts match their SHA-256, and every file in {FOLDER}/ "
            "belongs to one."
        )

    def remove(self, storage, orphans):
        """Deletes the orphans written before ORPHAN_MIN_AGE; returns the ones it kept."""
        cutoff = timezone.now() - ORPHAN_MIN_AGE
        kept = []
        for name in orphans:
            try:
                recent = storage.get_modified_time(name) > cutoff
            except FileNotFoundError:
                continue  # gone already
            if recent:
                self.stderr.write(f"{name}: kept, written less than an hour ago")
                kept.append(name)
                continue
            storage.delete(name)
            self.stdout.write(f"Removed {name}: no issued handout named it.")
        return kept
