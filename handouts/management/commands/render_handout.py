from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from handouts.models import Mode
from handouts.services import build_snapshot, handout_programs, render_snapshot_pdf
from programs.models import Program


class Command(BaseCommand):
    help = "Renders one program's handout to a PDF file (nothing is issued or recorded)."

    def add_arguments(self, parser):
        parser.add_argument("program_id", type=int)
        parser.add_argument("--mode", choices=Mode.values, default=Mode.FILLED)
        parser.add_argument("--large-print", action="store_true")
        parser.add_argument("--out", type=Path, required=True, help="Where to write the PDF.")

    def handle(self, *args, program_id, mode, large_print, out, **options):
        try:
            program = handout_programs(mode).get(pk=program_id)
        except Program.DoesNotExist:
            raise CommandError(f"There is no program {program_id}.") from None
        snapshot = build_snapshot(program, mode=mode, large_print=large_print)
        pdf = render_snapshot_pdf(snapshot)
        try:
            out.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        self.stdout.write(f"Wrote {out} ({len(snapshot['exercises'])} exercises).")
