from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "rehab administration"
admin.site.site_title = "rehab admin"
admin.site.index_title = "Clinic library and settings"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="programs:patients"), name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("library/", include("exercises.urls")),
    path("", include("programs.urls")),
    path("", include("handouts.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
