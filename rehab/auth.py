"""Logging in and out: lockout after repeated failures, session limits, and an audit row
for each login, logout, lockout and password change."""

import time
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils import timezone

from audit.log import Action, record
from clinics.access import clinic_id_of

# Session keys: when the user logged in and when they were last seen (Unix seconds).
LOGIN_AT = "rehab_login_at"
SEEN_AT = "rehab_seen_at"

LOCKED_MESSAGE = (
    "Too many failed attempts. Logging in with this user name from this computer is paused "
    "for {minutes} minutes. Try again later, or ask your clinic admin to unlock it."
)
USERNAME_LOCKED_MESSAGE = (
    "Too many failed attempts with this user name from several places. Logging in with it "
    "is paused for {minutes} minutes. Try again later, or ask your clinic admin to unlock it."
)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, run before the password is tried. Code that authenticates
    without a request (the test client's login(), a shell) has no address to lock out,
    so it is let through to the password check; every login page passes the request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler (one user name from one address) plus a lock on the
    user name alone: AXES_USERNAME_FAILURE_LIMIT failures from any addresses within the
    cool-off. It reads axes' own attempt rows, so the lock ends as they expire."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or username_locked(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        if username_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            username = get_client_username(request, credentials)
            user_locked_out.send(
                "axes", request=request, username=username, ip_address=request.axes_ip_address
            )


def recent_attempts(username):
    """axes' failure rows for this user name still inside the cool-off (any address)."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    return AccessAttempt.objects.filter(username=username, attempt_time__gt=since)


def username_locked(request, credentials):
    username = get_client_username(request, credentials)
    if not username:
        return False
    failures = recent_attempts(username).aggregate(n=Sum("failures_since_start"))["n"] or 0
    return failures >= settings.AXES_USERNAME_FAILURE_LIMIT


def stamp_session(sender, request, user, **kwargs):
    """Starts the idle and absolute session clocks (connected to user_logged_in)."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


class LoginView(auth_views.LoginView):
    def form_valid(self, form):
        response = super().form_valid(form)  # logs in; Django gives the session a new key
        user = form.get_user()
        record(self.request, Action.LOGIN, obj=user, user=user, clinic_id=clinic_id_of(user))
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            user = request.user
            record(request, Action.LOGOUT, obj=user, clinic_id=clinic_id_of(user))
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """After a password change every session of the account ends, this one included:
    the user logs in again with the new password."""

    success_url = reverse_lazy("login")

    def form_valid(self, form):
        form.save()
        user = self.request.user
        record(self.request, Action.PASSWORD_CHANGED, obj=user, clinic_id=clinic_id_of(user))
        logout(self.request)
        messages.success(self.request, "Your password was changed. Log in with the new one.")
        return redirect(self.success_url)


def lockout(request, response, credentials):
    """django-axes' lockout response: the login page again, saying why, with status 429.
    The audit row says which lock it is and when it ends (the last failure plus the
    cool-off; each further failure moves the end later)."""
    username = ((credentials or {}).get("username") or "")[:150]
    user = get_user_model().objects.filter(username=username).first()
    everywhere = username_locked(request, credentials)
    attempts = recent_attempts(username)
    if not everywhere:
        attempts = attempts.filter(ip_address=request.axes_ip_address)
    last = attempts.aggregate(last=Max("attempt_time"))["last"] or timezone.now()
    ends = last + timedelta(hours=settings.AXES_COOLOFF_TIME)
    scope = "user name from any address" if everywhere else "user name from this address"
    # The account is what was attacked, not who acted: the actor stays empty.
    record(
        request,
        Action.LOCKOUT,
        obj=user,
        username=username,
        clinic_id=clinic_id_of(user),
        detail=f"{scope}, until {ends:%Y-%m-%d %H:%M} UTC",
    )
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    message = USERNAME_LOCKED_MESSAGE if everywhere else LOCKED_MESSAGE
    context = {
        "form": AuthenticationForm(request),
        "locked_message": message.format(minutes=minutes),
    }
    return TemplateResponse(request, "registration/login.html", context, status=429).render()
