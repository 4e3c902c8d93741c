import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils.html import format_html

from .models import AuditEvent


class ActorFilter(admin.SimpleListFilter):
    """Who acted, listing only the people of the admin's own clinic."""

    title = "who"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        users = get_user_model().objects.order_by("last_name", "first_name", "username")
        if not request.user.is_superuser:
            users = users.filter(therapist__clinic__therapists__user=request.user)
        return [(user.pk, user.get_full_name() or user.get_username()) for user in users]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(actor_id=self.value())
        return queryset


OUTSIDER = "a user of another clinic"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for everyone, operators included: the log is append-only.

    A clinic's log also holds rows whose actor is someone of another clinic ("access
    denied" on this clinic's patient). A clinic admin sees them as OUTSIDER, never their
    name or user name, in the list, the row's page and the search; the operator
    (superuser) sees everyone."""

    list_display = ["utc_time", "action", "who", "patient_link", "object", "ip", "detail"]
    list_filter = ["action", ActorFilter, "at"]
    date_hierarchy = "at"
    # Annotations (get_queryset): the user name given and the actor's last name, blank on
    # an outsider's row for a clinic admin.
    search_fields = [
        "shown_username",
        "shown_last_name",
        "patient__name",
        "patient__chart_number",
        "ip",
    ]
    list_select_related = ["actor", "patient"]
    actions = None

    def get_queryset(self, request):
        """The rows the user may read. For a clinic admin, a row's actor is an outsider
        when they are not a therapist of the row's clinic; the operator has none."""
        events = super().get_queryset(request).for_user(request.user)
        if request.user.is_superuser:
            outsider = Value(False)
        else:
            outsider = Q(actor__isnull=False) & ~Q(actor__therapist__clinic_id=F("clinic_id"))
        return events.annotate(
            outsider=Case(When(outsider, then=Value(True)), default=Value(False)),
            shown_username=Case(When(outsider, then=Value("")), default=F("username")),
            shown_last_name=Case(When(outsider, then=Value("")), default=F("actor__last_name")),
        )

    def get_object(self, request, object_id, from_field=None):
        """An outsider's row, for the pages of one row, with the actor taken out in memory
        (the row cannot be saved): their titles and breadcrumbs name the row by str(),
        which names the actor."""
        event = super().get_object(request, object_id, from_field)
        if event is not None and event.outsider:
            event.actor, event.username = None, OUTSIDER
        return event

    def get_fields(self, request, obj=None):
        """The row's page: "who" (OUTSIDER where it applies) in place of the actor and the
        user name given."""
        fields = super().get_fields(request, obj)
        return ["who" if name == "actor" else name for name in fields if name != "username"]

    def get_readonly_fields(self, request, obj=None):
        return ["who"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="time (UTC)", ordering="at")
    def utc_time(self, obj):
        return obj.at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")

    @admin.display(description="who", ordering="shown_username")
    def who(self, obj):
        if obj.outsider:
            return OUTSIDER
        if obj.actor is None:
            return obj.username or "—"
        return obj.actor.get_full_name() or obj.actor.get_username()

    @admin.display(description="patient")
    def patient_link(self, obj):
        """The patient's name, linking to all of this patient's events; an erased patient
        is shown by their pseudonym, the number their events still share."""
        if obj.patient_id is None:
            return "—"
        url = reverse("admin:audit_auditevent_changelist")
        try:
            patient = obj.patient  # selected with the row: None once the patient is erased
        except ObjectDoesNotExist:
            patient = None
        label = str(patient) if patient is not None else f"erased patient #{obj.patient_id}"
        return format_html('<a href="{}?patient__id__exact={}">{}</a>', url, obj.patient_id, label)

    @admin.display(description="object")
    def object(self, obj):
        return f"{obj.object_type} {obj.object_id}" if obj.object_type else "—"
