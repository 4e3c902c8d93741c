import shutil

from django.core.management.base import BaseCommand, CommandError

from clinics.models import Clinic
from library.transfer import LibraryError, export_library

COMMAND = "manage.py export_library"


class Command(BaseCommand):
    help = (
        "Writes one clinic's own library (its exercises with their pictures, and the "
        "protocols it shares) to a zip that import_library reads on this or another install."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clinic", type=int, required=True, help="The clinic's id.")
        parser.add_argument("--out", required=True, help="The zip file to write.")

    def handle(self, *args, clinic, out, **options):
        found = Clinic.objects.filter(pk=clinic).first()
        if found is None:
            raise CommandError(f"There is no clinic #{clinic}.")
        try:
            archive, summary = export_library(found, username=COMMAND)
        except LibraryError as problem:
            raise CommandError(str(problem)) from None
        try:
            with archive, open(out, "wb") as target:
                shutil.copyfileobj(archive, target)
        except OSError as problem:
            raise CommandError(f"Cannot write {out}: {problem.strerror}.") from None
        self.stdout.write(
            f"Wrote {out}: {summary['exercises']} exercises, {summary['protocols']} "
            f"protocols and {summary['pictures']} pictures of {found.name}."
        )
