"""Logging in and out: lockout after repeated failures, session limits, and an audit row
for each login, logout, lockout and password change."""

import time

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy

from audit.log import Action, record
from programs.models import Therapist

# Session keys: when the user logged in and when they were last seen (Unix seconds).
LOGIN_AT = "rehab_login_at"
SEEN_AT = "rehab_seen_at"

LOCKED_MESSAGE = (
    "Too many failed attempts. Logging in with this user name from this computer is paused "
    "for {minutes} minutes. Try again later, or ask your clinic admin to unlock it."
)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, run before the password is tried. Code that authenticates
    without a request (the test client's login(), a shell) has no address to lock out,
    so it is let through to the password check; every login page passes the request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def stamp_session(sender, request, user, **kwargs):
    """Starts the idle and absolute session clocks (connected to user_logged_in)."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now


def clinic_id_of(user):
    """The user's clinic (one query), or None for an operator without a therapist profile."""
    if user is None:
        return None
    return Therapist.objects.filter(user=user).values_list("clinic_id", flat=True).first()


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
    """django-axes' lockout response: the login page again, saying why, with status 429."""
    username = ((credentials or {}).get("username") or "")[:150]
    user = get_user_model().objects.filter(username=username).first()
    # The account is what was attacked, not who acted: the actor stays empty.
    record(request, Action.LOCKOUT, obj=user, username=username, clinic_id=clinic_id_of(user))
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    context = {
        "form": AuthenticationForm(request),
        "locked_message": LOCKED_MESSAGE.format(minutes=minutes),
    }
    return TemplateResponse(request, "registration/login.html", context, status=429).render()
