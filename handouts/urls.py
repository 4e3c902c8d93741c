from django.urls import path

from . import views

app_name = "handouts"

urlpatterns = [
    path("programs/<int:pk>/handout/", views.preview, name="preview"),
    path("programs/<int:pk>/handout/sheet/", views.sheet, name="sheet"),
    path("programs/<int:pk>/handout/issue/", views.issue, name="issue"),
    path("handouts/<int:pk>/pdf/", views.download, name="pdf"),
]
