"""Uploaded files in the database, through Django's storage API (STORAGES["default"]).

Every FileField and ImageField, `default_storage` and the handout's print copies use it, so
upload code works as it did with folders. Several app servers over one database then read
the same files, and a backup of the database holds them. Files are small (uploads are
limited to UPLOAD_MAX_BYTES, a photo's print copy is about 30 KB), so each is read whole.

Everything stored here is public: `core.views.media` serves any of it at MEDIA_URL without
a login, as a web server served the media folder before. Nothing private belongs here
(issued PDFs have their own table, handouts.HandoutPDF)."""

from urllib.parse import urljoin

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri

from .models import StoredFile


@deconstructible(path="core.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    def _open(self, name, mode="rb"):
        """The whole file (one query). Stored files are never changed, only replaced by a
        new upload under a new name, so they open for reading only."""
        if mode not in ("r", "rb"):
            raise ValueError(f"Stored files open for reading only, not {mode!r}.")
        data = StoredFile.objects.filter(name=name).values_list("data", flat=True).first()
        if data is None:
            raise FileNotFoundError(f"No stored file named {name!r}.")
        return ContentFile(bytes(data), name=name)

    def _save(self, name, content):
        """Stores the file under `name`, or under another free name when someone else took
        that one since `get_available_name` chose it (two print copies of one photo made
        at once), as the file system storage does. Inside a caller's transaction the file
        is part of it: an upload whose form fails to save is not kept."""
        data = b"".join(content.chunks())
        while True:
            try:
                with transaction.atomic():
                    StoredFile.objects.create(name=name, data=data, size=len(data))
                return name
            except IntegrityError:
                if not self.exists(name):
                    raise
                name = self.get_available_name(name)

    def delete(self, name):
        StoredFile.objects.filter(name=name).delete()

    def exists(self, name):
        return StoredFile.objects.filter(name=name).exists()

    def listdir(self, path):
        """The folders and files directly in `path`, as the file system storage lists them."""
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        folders, files = set(), []
        names = StoredFile.objects.filter(name__startswith=prefix).values_list("name", flat=True)
        for name in names:
            if not name.startswith(prefix):  # SQLite's LIKE ignores case
                continue
            head, slash, _ = name.removeprefix(prefix).partition("/")
            if slash:
                folders.add(head)
            else:
                files.append(head)
        return sorted(folders), files

    def size(self, name):
        size = StoredFile.objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(f"No stored file named {name!r}.")
        return size

    def url(self, name):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def get_created_time(self, name):
        created = StoredFile.objects.filter(name=name).values_list("created_at", flat=True)
        created = created.first()
        if created is None:
            raise FileNotFoundError(f"No stored file named {name!r}.")
        return created

    get_modified_time = get_created_time
