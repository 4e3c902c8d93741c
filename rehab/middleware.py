import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

from audit.log import Action, record
from clinics.access import NoClinic, clinic_id_of

from . import kept
from .auth import LOGIN_AT, SEEN_AT

# The last-seen time is written at most once a minute (one session write a minute rather
# than one per request), and at least every tenth of the idle limit, so that an active
# user is never logged out: the recorded time is at most that much older than the truth.
SEEN_RESOLUTION_MAX = 60


def seen_resolution():
    return min(SEEN_RESOLUTION_MAX, settings.SESSION_IDLE_SECONDS // 10)


class SessionTimeoutMiddleware:
    """Logs a user out after SESSION_IDLE_SECONDS without a request, or SESSION_COOKIE_AGE
    after login whatever the activity, and says so on the login page. A save posted then,
    or later from the same browser, is kept for that user (rehab/kept.py). An htmx request
    that would be sent to the login page sends the whole page there (HX-Redirect), never
    the login form into the fragment it asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            login_at = request.session.get(LOGIN_AT, 0)
            seen_at = request.session.get(SEEN_AT, 0)
            too_long = now - login_at > settings.SESSION_COOKIE_AGE
            idle = now - seen_at > settings.SESSION_IDLE_SECONDS
            if too_long or idle:
                user = request.user
                reason = "session too long" if too_long else "idle timeout"
                clinic_id = clinic_id_of(user)
                record(request, Action.LOGOUT, obj=user, clinic_id=clinic_id, detail=reason)
                logout(request)
                kept.remember_timed_out(request, user)
                messages.info(request, "You were logged out to protect patient data. Log in again.")
                if kept.keep(request):
                    messages.info(request, KEPT_MESSAGE)
                if request.htmx:
                    return HttpResponseClientRedirect(resolve_url(settings.LOGIN_URL))
            else:
                if kept.replayed(request):
                    kept.drop(request)
                if now - seen_at >= seen_resolution():
                    request.session[SEEN_AT] = now
        elif kept.keep(request):
            messages.info(request, KEPT_MESSAGE)
        response = self.get_response(request)
        if request.htmx and response.status_code == 302 and not request.user.is_authenticated:
            login = resolve_url(settings.LOGIN_URL)
            if response.url.split("?")[0] == login:
                return HttpResponseClientRedirect(login)
        return response


KEPT_MESSAGE = "What you sent was not saved yet, but it is kept: log in again to save it."


class NoStoreMiddleware:
    """Every page may show patient data (a patient's name, a handout), so no response the
    app makes is kept by the browser or a proxy. Static files are served before this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class NoClinicMiddleware:
    """A page only a clinic's therapists use (add a patient, my templates), opened by an
    account of no clinic (the operator, a library editor): a page saying why and where
    to go instead, with status 403, rather than a 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, NoClinic):
            return None
        response = TemplateResponse(request, "registration/no_clinic.html", status=403)
        return response.render()
