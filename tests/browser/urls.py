"""The app's URLs plus media files, which a proxy serves in production; the browser tests
need them to see an uploaded photo load."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from rehab.urls import urlpatterns as app_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*app_urlpatterns, re_path(r"^media/(?P<path>.+)$", media)]
