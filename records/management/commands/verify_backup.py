from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from records.backup import BackupError, read_backup


class Command(BaseCommand):
    help = (
        "Checks a backup without restoring it: the key, every encrypted part, every file "
        "against the manifest's SHA-256, and that this version of rehab can restore it. "
        "Exits 1 with the reason if not."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")

    def handle(self, *args, file, **options):
        try:
            info, manifest = read_backup(file, key=settings.BACKUP_KEY)
        except BackupError as problem:
            raise CommandError(f"{file}: {problem}") from None
        files = sum(1 for name in manifest if name.startswith("media/"))
        self.stdout.write(
            f"{file} is intact: a {info['vendor']} database and {files} uploaded "
            f"file{'s' if files != 1 else ''}, made {info['created_at']}, restorable here."
        )
