from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from records.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restores a backup into this install, which must be empty (a new database, "
        "migrated or not, and an empty MEDIA_ROOT). The whole backup is checked first; "
        "anything wrong leaves the install untouched. Then migrate brings an older "
        "backup's tables up to this version."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")

    def handle(self, *args, file, **options):
        try:
            info = restore_backup(file, key=settings.BACKUP_KEY)
        except BackupError as problem:
            raise CommandError(f"{file}: {problem}") from None
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            f"Restored {file} (made {info['created_at']}). Run `manage.py verify_handouts` "
            "to check every issued handout."
        )
