"""manage.py progress_report <patient id> --days 30 --out report.pdf"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.log import Action, write
from clinics.models import Patient
from outcomes.trends import plain
from records.report import build_report, report_pdf


class Command(BaseCommand):
    help = "Writes a patient's progress report (PDF) for the last N days, and prints its gist."

    def add_arguments(self, parser):
        parser.add_argument("patient_id", type=int)
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--out", required=True, help="The PDF file to write.")

    def handle(self, *args, patient_id, days, out, **options):
        if not 7 <= days <= 365:
            raise CommandError("--days must be from 7 to 365.")
        patient = Patient.objects.select_related("clinic").filter(pk=patient_id).first()
        if patient is None:
            raise CommandError(f"No patient has the id {patient_id}.")
        report = build_report(patient, days=days)
        Path(out).write_bytes(report_pdf(report))
        write(
            Action.REPORT_DOWNLOADED,
            obj=patient,
            patient=patient,
            detail=f"progress report, {days} days (command)",
        )
        reached = "reaches" if report.meets_threshold else "is under"
        self.stdout.write(
            f"{report.active_days} of {report.days} days with any tick or answer "
            f"({reached} {report.threshold})."
        )
        for trend in report.measures:
            self.stdout.write(
                f"{trend.measure.short_name}: first {plain(trend.first)}, last "
                f"{plain(trend.last)}, change {plain(trend.change)} "
                f"(MIC {plain(trend.measure.mic)}): {trend.flag_label}."
            )
        if report.pains:
            pains = ", ".join(str(pain) for _, pain in report.pains)
            self.stdout.write(f"Daily pain: {pains} ({report.pain_trend or 'too few to say'}).")
        self.stdout.write(f"Wrote {out}.")
