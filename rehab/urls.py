from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from core.views import media

from . import auth

admin.site.site_header = "rehab administration"
admin.site.site_title = "rehab admin"
admin.site.index_title = "Clinic library and settings"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="programs:patients"), name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("unsaved/", auth.kept_changes, name="kept_changes"),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("", include("library.urls")),
    path("", include("programs.urls")),
    path("", include("programs.template_urls")),
    path("", include("outcomes.urls")),
    path("", include("handouts.urls")),
    path("", include("records.urls")),
    # The patient's phone page (no login: the handout's QR code holds the key).
    path("", include("phone.urls")),
    # One login page and one logout for the whole app, so every login meets the lockout
    # check and every login and logout is audited; admin's own pages send people there.
    path("admin/login/", auth.admin_login),
    path("admin/logout/", auth.LogoutView.as_view()),
    path("admin/", admin.site.urls),
    # Uploaded pictures, from the database, on every server (core/storage.py); no login,
    # as the phone page and admin show them.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", media, name="media"),
]
