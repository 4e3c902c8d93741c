from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from handouts.models import IssuedHandout, Mode
from handouts.services import (
    build_snapshot,
    handout_programs,
    render_snapshot_pdf,
    rerender_issued,
)
from programs.models import Program


class Command(BaseCommand):
    help = (
        "Renders one program's handout to a PDF file (nothing is issued or recorded), or with "
        "--issued an issued handout again from its stored snapshot."
    )

    def add_arguments(self, parser):
        parser.add_argument("program_id", type=int, nargs="?")
        parser.add_argument(
            "--issued", type=int, help="An issued handout's id: render its stored snapshot."
        )
        parser.add_argument("--mode", choices=Mode.values, default=Mode.FILLED)
        parser.add_argument("--large-print", action="store_true")
        parser.add_argument("--out", type=Path, required=True, help="Where to write the PDF.")

    def handle(self, *args, program_id, mode, large_print, out, issued=None, **options):
        if issued is not None:
            return self.render_issued(issued, out)
        if program_id is None:
            raise CommandError("Give a program's id, or --issued and a handout's id.")
        try:
            program = handout_programs(mode).get(pk=program_id)
        except Program.DoesNotExist:
            raise CommandError(f"There is no program {program_id}.") from None
        snapshot = build_snapshot(program, mode=mode, large_print=large_print)
        pdf = render_snapshot_pdf(snapshot)
        write(out, pdf)
        self.stdout.write(f"Wrote {out} ({len(snapshot['exercises'])} exercises).")

    def render_issued(self, pk, out):
        handout = IssuedHandout.objects.filter(pk=pk).first()
        if handout is None:
            raise CommandError(f"There is no issued handout {pk}.")
        pdf, comparable = rerender_issued(handout)
        write(out, pdf)
        if not comparable:
            self.stdout.write(
                f"Wrote {out}, without the QR code: the handout was issued before its printed "
                "link was kept (only its token's hash is stored), so these bytes cannot equal "
                "the issued ones."
            )
        elif handout.bytes_match(pdf):
            self.stdout.write(f"Wrote {out}: the same bytes as issued handout {pk}.")
        else:
            raise CommandError(f"Wrote {out}, but its bytes differ from issued handout {pk}.")


def write(out, pdf):
    try:
        out.write_bytes(pdf)
    except OSError as error:
        raise CommandError(f"Cannot write {out}: {error.strerror}") from None
