from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from records.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Writes one encrypted backup (key from BACKUP_KEY) of the database and every "
        "uploaded file, with a manifest of SHA-256 sums; sessions and login attempts are "
        "left out. Safe while the app serves requests. The file appears under its name only "
        "when complete."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The backup file to write.")

    def handle(self, *args, out, **options):
        try:
            size, manifest = create_backup(out, key=settings.BACKUP_KEY)
        except BackupError as problem:
            raise CommandError(str(problem)) from None
        files = sum(1 for name in manifest if name.startswith("media/"))
        self.stdout.write(
            f"Wrote {out}: {size / 1e6:.1f} MB, the database and {files} uploaded "
            f"file{'s' if files != 1 else ''}, encrypted."
        )
