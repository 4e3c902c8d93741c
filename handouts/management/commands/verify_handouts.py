from django.core.management.base import BaseCommand, CommandError

from handouts.models import IssuedHandout


class Command(BaseCommand):
    help = "Re-hashes every issued handout's stored PDF; exits 1 if any is changed or missing."

    def handle(self, *args, **options):
        problems = []
        checked = 0
        for handout in IssuedHandout.objects.order_by("pk").iterator():
            checked += 1
            try:
                intact = handout.hash_matches()
            except OSError:
                problems.append(f"handout {handout.pk}: {handout.pdf.name} is missing")
                continue
            if not intact:
                problems.append(
                    f"handout {handout.pk}: {handout.pdf.name} does not match its SHA-256"
                )
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} of {checked} handouts failed the check.")
        self.stdout.write(f"All {checked} handouts match their SHA-256.")
