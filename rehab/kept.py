"""Changes posted after the session ended are kept, not lost (issue 30).

When SessionTimeoutMiddleware logs a user out, the browser's new, anonymous session
remembers whose it was (TIMED_OUT_USER). A save, add or revise that browser then posts to
one of KEEPABLE's pages, in the request that found the session expired or a later one, is
kept in that session: server-side (the session store), never in the browser, for
KEEP_SECONDS. Logging in again keeps the session's data (django.contrib.auth.login only
changes its key), so LoginView sends that user, and no other, to the offer page: "Your
changes from 10:42 were not saved yet — Save them now / Discard". "Save them now" posts
the kept fields again, through the page's own view and its checks (clinic access, the
program's lock version), with a fresh CSRF token."""

import time
from datetime import UTC, datetime

from django.urls import Resolver404, resolve
from django.utils import timezone

TIMED_OUT_USER = "rehab_timed_out_user"
KEPT = "rehab_kept_changes"
KEEP_SECONDS = 60 * 60

# The pages whose posts are kept: what each is called on the offer page, and whether the
# page may be opened again (GET) after "Discard".
KEEPABLE = {
    "programs:edit": ("your changes to a program", True),
    "programs:revise": ("starting a revision of a program", False),
    "programs:new": ("starting a new program", True),
    "programs:patient_edit": ("your changes to a patient's details", True),
    "programs:patient_new": ("a new patient", True),
}
# Never kept: the token is the old page's; the offer page adds a fresh one.
LEFT_OUT = {"csrfmiddlewaretoken"}


def remember_timed_out(request, user):
    """Called right after the timeout's logout: the new session remembers whose it was."""
    request.session[TIMED_OUT_USER] = user.pk


def keep(request):
    """Keeps the request's posted fields when it is a post to a KEEPABLE page from a
    browser whose session timed out; True when kept. Uploads are not kept."""
    if request.method != "POST":
        return False
    user_id = request.session.get(TIMED_OUT_USER)
    if user_id is None or request.FILES:
        return False
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return False
    if name not in KEEPABLE:
        return False
    fields = [[key, values] for key, values in request.POST.lists() if key not in LEFT_OUT]
    request.session[KEPT] = {
        "user": user_id,
        "view": name,
        "path": request.path,
        "at": int(time.time()),
        "fields": fields,
    }
    return True


def pending(request, user):
    """The changes kept for `user` in this session, or None. Someone else's (another
    user logged in on the same browser) and expired ones are dropped here."""
    kept = request.session.get(KEPT)
    if kept is None:
        return None
    if kept["user"] != user.pk or time.time() - kept["at"] > KEEP_SECONDS:
        drop(request)
        return None
    return kept


def drop(request):
    request.session.pop(KEPT, None)
    request.session.pop(TIMED_OUT_USER, None)


def describe(kept):
    """(what, local time) for the offer page: ("your changes to a program", 10:42)."""
    what, _ = KEEPABLE[kept["view"]]
    at = timezone.localtime(datetime.fromtimestamp(kept["at"], tz=UTC))
    return what, at


def page_after_discard(kept):
    """Where "Discard" goes: the page the changes came from when it can be opened again."""
    _, reopens = KEEPABLE[kept["view"]]
    return kept["path"] if reopens else None


def replayed(request):
    """True for the logged-in post of "Save them now": it carries the kept fields to the
    kept page, so the kept copy is dropped (the page's own answer says what happened)."""
    kept = request.session.get(KEPT)
    return (
        kept is not None
        and request.method == "POST"
        and request.path == kept["path"]
        and kept["user"] == request.user.pk
    )
