"""Logging in and out: lockout after repeated failures, session limits, and an audit row
for each login, logout, lockout and password change.

Two locks (settings' AXES_ block). One user name from one address: AXES_FAILURE_LIMIT
failures. One user name from any addresses: AXES_USERNAME_FAILURE_LIMIT failures, against
credential stuffing spread over many addresses. The second lock alone would let anyone who
knows a user name (`admin`) keep its owner out, so it is skipped for a browser that has
logged in as that user before: it carries a signed "known browser" cookie, set at each
login. The first lock applies to every browser, known or not.

Why a cookie rather than "an address that logged in before": a clinic's address is shared
by everyone behind its router, home and mobile addresses change, and a public Wi-Fi the
owner once used would let everyone there past the lock. The cookie belongs to one browser,
cannot be made without SECRET_KEY, and names the user by a keyed hash of their id and
password hash, so a password change (say, after a leak) also ends every old pass."""

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
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max, Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from audit.log import Action, record
from clinics.access import clinic_id_of

from . import kept

# Session keys: when the user logged in and when they were last seen (Unix seconds).
LOGIN_AT = "rehab_login_at"
SEEN_AT = "rehab_seen_at"

LOCKED_MESSAGE = (
    "Too many failed attempts. Logging in with this user name from this computer is paused "
    "for {minutes} minutes. Try again later, or ask your clinic admin to unlock it."
)
USERNAME_LOCKED_MESSAGE = (
    "Too many failed attempts with this user name from several places. Logging in with it "
    "is paused for {minutes} minutes, except from a browser you have logged in with before. "
    "Try again later, or ask your clinic admin to unlock it."
)

# The known-browser cookie: the users who logged in with this browser (keyed hashes, the
# newest first, at most KNOWN_USERS of them, so a shared clinic computer keeps several).
KNOWN_COOKIE = "rehab_known"
KNOWN_SALT = "rehab.auth.known_browser"
KNOWN_MAX_AGE = 365 * 24 * 3600  # seconds; renewed at each login
KNOWN_USERS = 10


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
    """True when the user name has too many failures from any addresses, unless this
    browser has logged in as that user before. Costs one query, and one more for the
    user when the limit is reached and the request carries a known-browser cookie."""
    username = get_client_username(request, credentials)
    if not username:
        return False
    failures = recent_attempts(username).aggregate(n=Sum("failures_since_start"))["n"] or 0
    if failures < settings.AXES_USERNAME_FAILURE_LIMIT:
        return False
    return not known_browser(request, username)


def browser_token(user):
    """The cookie's name for a user: a keyed hash of their id and password hash, so it
    says nothing about them and stops matching when the password changes."""
    value = f"{user.pk}:{user.password}"
    return salted_hmac(KNOWN_SALT, value, algorithm="sha256").hexdigest()[:32]


def known_tokens(request):
    """The tokens of a valid, unexpired known-browser cookie; none for a missing, expired
    or tampered one."""
    value = request.get_signed_cookie(
        KNOWN_COOKIE, default=None, salt=KNOWN_SALT, max_age=KNOWN_MAX_AGE
    )
    return value.split(",") if value else []


def known_browser(request, username):
    tokens = known_tokens(request)
    if not tokens:
        return False
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None or not user.has_usable_password():
        return False
    token = browser_token(user)
    return any(constant_time_compare(token, known) for known in tokens)


def remember_browser(request, response, user):
    """Adds the user to this browser's known-browser cookie (after a successful login)."""
    token = browser_token(user)
    tokens = [token, *(known for known in known_tokens(request) if known != token)]
    response.set_signed_cookie(
        KNOWN_COOKIE,
        ",".join(tokens[:KNOWN_USERS]),
        salt=KNOWN_SALT,
        max_age=KNOWN_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


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
        remember_browser(self.request, response, user)
        if kept.pending(self.request, user):
            response["Location"] = reverse("kept_changes")
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


@login_required
def kept_changes(request):
    """The offer after logging in again: changes posted after the session ended (see
    rehab/kept.py), to save now (the page posts them to where they were going) or
    discard."""
    changes = kept.pending(request, request.user)
    if changes is None:
        return redirect("home")
    if request.method == "POST":  # "Discard"
        kept.drop(request)
        messages.info(request, "Discarded the changes that were not saved.")
        return redirect(kept.page_after_discard(changes) or "home")
    what, at = kept.describe(changes)
    context = {"changes": changes, "what": what, "at": at}
    return TemplateResponse(request, "registration/kept_changes.html", context)


def admin_login(request):
    """Admin's login page. Django admin sends a logged-in account that is not staff (a
    therapist) here too: it gets a page saying admin is not for this account, with the
    way back, not a login form that reads as if it were logged out. Anyone else goes to
    the app's one login page (lockout check, audit)."""
    if request.user.is_authenticated and not request.user.is_staff:
        return TemplateResponse(request, "registration/no_admin.html", status=403)
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{reverse('login')}?{query}" if query else reverse("login"))
