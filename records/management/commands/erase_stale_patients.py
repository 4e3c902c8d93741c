from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from records import services

COMMAND = "manage.py erase_stale_patients"


class Command(BaseCommand):
    help = (
        "Erases the records of patients with no visit (patient added, program written or "
        "changed, handout issued) for more than --years years: every row and PDF about "
        "them, audit rows kept under a pseudonym. Lists them only, unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, required=True, help="Years since the last visit.")
        parser.add_argument("--clinic", type=int, help="Only this clinic's patients (its id).")
        parser.add_argument("--yes", action="store_true", help="Erase them (default: list only).")

    def handle(self, *args, years, clinic=None, yes=False, **options):
        if years < 1:
            raise CommandError("--years must be 1 or more.")
        if years < settings.RETENTION_YEARS:
            raise CommandError(
                f"--years {years} is less than RETENTION_YEARS ({settings.RETENTION_YEARS}): "
                "those records must be kept."
            )
        now = timezone.now()
        patients = services.stale_patients(years=years, now=now).select_related("clinic")
        if clinic is not None:
            patients = patients.filter(clinic_id=clinic)
        patients = list(patients)
        # Ids and dates only: names do not belong in a terminal's scrollback or a cron mail.
        for patient in patients:
            self.stdout.write(
                f"patient #{patient.pk} (clinic #{patient.clinic_id}), "
                f"last visit {timezone.localtime(patient.last_visit):%Y-%m-%d}"
            )
        if not yes:
            self.stdout.write(
                f"{len(patients)} patient record(s) with no visit for {years} years; "
                "nothing erased (dry run). Run again with --yes to erase them."
            )
            return
        for patient in patients:
            services.erase_patient(patient=patient, username=COMMAND, now=now)
        self.stdout.write(f"Erased {len(patients)} patient record(s).")
