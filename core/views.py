import mimetypes

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from .models import StoredFile


@require_safe
def media(request, name):
    """An uploaded file at MEDIA_URL, from the database (one query), with the headers a web
    server in front of the media folder was asked to send: its type by its name, its size
    and date, and the sandbox policy, so that a drawing opened on its own runs nothing
    (the uploads are public: exercise pictures, logos; core/storage.py)."""
    row = StoredFile.objects.filter(name=name).values_list("data", "created_at").first()
    if row is None:
        raise Http404("No such file.")
    data, created_at = row
    modified = int(created_at.timestamp())
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), modified):
        return HttpResponseNotModified()
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = HttpResponse(bytes(data), content_type=content_type)
    response["Content-Length"] = str(len(data))
    response["Last-Modified"] = http_date(modified)
    response["Content-Security-Policy"] = settings.SVG_CSP
    return response
