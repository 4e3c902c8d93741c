import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

from audit.log import Action, record
from clinics.access import clinic_id_of

from .auth import LOGIN_AT, SEEN_AT

# The last-seen time is written at most once a minute (one session write a minute rather
# than one per request), and at least every tenth of the idle limit, so that an active
# user is never logged out: the recorded time is at most that much older than the truth.
SEEN_RESOLUTION_MAX = 60


def seen_resolution():
    return min(SEEN_RESOLUTION_MAX, settings.SESSION_IDLE_SECONDS // 10)


class SessionTimeoutMiddleware:
    """Logs a user out after SESSION_IDLE_SECONDS without a request, or SESSION_COOKIE_AGE
    after login whatever the activity, and says so on the login page."""

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
                messages.info(request, "You were logged out to protect patient data. Log in again.")
                if request.htmx:
                    return HttpResponseClientRedirect(resolve_url(settings.LOGIN_URL))
            elif now - seen_at >= seen_resolution():
                request.session[SEEN_AT] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Every page may show patient data (a patient's name, a handout), so no response the
    app makes is kept by the browser or a proxy. Static files are served before this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
