from django.urls import path

from . import measure_views, reminder, views

app_name = "phone"

# Short addresses: the QR code holds SITE_URL/h/<token>, and a shorter one prints as a
# coarser code that an old phone's camera reads more easily.
urlpatterns = [
    path("h/<str:token>", views.page, name="page"),
    path("h/<str:token>/tick", views.tick, name="tick"),
    path("h/<str:token>/feel", views.feel, name="feel"),
    path("h/<str:token>/answer", measure_views.answer, name="answer"),
    path("h/<str:token>/reminder.ics", reminder.reminder, name="reminder"),
    # The therapist stops a handout's link (login required).
    path("handouts/<int:pk>/link/revoke/", views.revoke_link, name="revoke_link"),
]
