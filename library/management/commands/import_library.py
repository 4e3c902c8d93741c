from django.core.management.base import BaseCommand, CommandError

from clinics.models import Clinic
from library.transfer import LibraryError, describe, import_library

COMMAND = "manage.py import_library"


class Command(BaseCommand):
    help = (
        "Imports a library zip written by export_library into one clinic: exercises and "
        "protocols of the same slug in that clinic are updated, others created. All or "
        "nothing: a problem anywhere in the file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The zip file.")
        parser.add_argument("--clinic", type=int, required=True, help="The clinic's id.")

    def handle(self, *args, file, clinic, **options):
        found = Clinic.objects.filter(pk=clinic).first()
        if found is None:
            raise CommandError(f"There is no clinic #{clinic}.")
        try:
            with open(file, "rb") as source:
                summary = import_library(source, clinic=found, username=COMMAND)
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}.") from None
        except LibraryError as problem:
            raise CommandError(f"{file}: {problem} Nothing was imported.") from None
        self.stdout.write(f"Imported {file} into {found.name}: {describe(summary)}")
        for note in summary["notes"]:
            self.stdout.write(f"Note: {note}")
