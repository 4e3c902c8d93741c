from django.http import HttpResponse
from django.urls import include, path


def ping(request):
    """The least a request can cost: the middleware, no template, no query."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ping/", ping, name="bench_ping"),
    path("", include("rehab.urls")),
]
