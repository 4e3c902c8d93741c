"""The audit log: who did what to which patient's data, when and from where.

Rows are only ever added. Changing or deleting one is refused by the model, by its
queryset (so bulk `update()`/`delete()` cannot bypass the model) and by database triggers,
which also stop raw SQL (migration 0002): UPDATE and DELETE on both databases, an insert
that would replace a row (SQLite's INSERT OR REPLACE) and TRUNCATE on PostgreSQL. Only
flush, a deliberate wipe of the whole database, empties the table: our backends
(`rehab/db/`) lift the triggers for it. On PostgreSQL the app should run as a
role that does not own the table (`manage.py grant_app_role`), so that it cannot lift them.

A row's patient is kept as the patient's id, a plain number in the database (no foreign
key constraint), so that erasing a patient (records/services.py) deletes the patient and
leaves every audit row as it was: once the patient row is gone the number names nobody,
a pseudonym that still ties that patient's events together. Ids are never used twice
(SQLite AUTOINCREMENT, PostgreSQL sequences; both survive backup and restore), so a new
patient never inherits an erased one's events."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """An attempt to change or delete an audit row."""


class Action(models.TextChoices):
    PATIENT_VIEWED = "patient.viewed", "Patient viewed"
    PATIENT_CREATED = "patient.created", "Patient created"
    PATIENT_CHANGED = "patient.changed", "Patient changed"
    PATIENTS_LISTED = "patients.listed", "Patient list viewed"
    PROGRAM_VIEWED = "program.viewed", "Program viewed"
    PROGRAM_CREATED = "program.created", "Program created"
    PROGRAM_CHANGED = "program.changed", "Program changed"
    HANDOUT_PREVIEWED = "handout.previewed", "Handout previewed"
    HANDOUT_ISSUED = "handout.issued", "Handout issued"
    HANDOUT_DOWNLOADED = "handout.downloaded", "Handout downloaded"
    HANDOUT_REFUSED = "handout.refused", "Handout refused (stored file changed)"
    ACCESS_DENIED = "access.denied", "Access denied (another clinic's data)"
    LOGIN = "login", "Logged in"
    LOGOUT = "logout", "Logged out"
    LOCKOUT = "lockout", "Login locked out"
    PASSWORD_CHANGED = "password.changed", "Password changed"
    PATIENT_EXPORTED = "patient.exported", "Patient record exported"
    PATIENT_ERASED = "patient.erased", "Patient erased"
    ANSWERS_RECORDED = "answers.recorded", "Outcome measure answers recorded"
    REPORT_DOWNLOADED = "report.downloaded", "Progress report downloaded"
    PATIENT_DISCHARGED = "patient.discharged", "Patient discharged"
    LIBRARY_EXPORTED = "library.exported", "Clinic library exported"
    LIBRARY_IMPORTED = "library.imported", "Clinic library imported"
    # The patient's phone page (phone/), opened from the handout's QR code without a login:
    # no actor, the detail starts with "patient link".
    LINK_VIEWED = "link.viewed", "Phone page viewed (patient link)"
    LINK_TICKED = "link.ticked", "Exercise ticked or unticked (patient link)"
    LINK_FELT = "link.felt", "How it felt reported (patient link)"
    LINK_REVOKED = "link.revoked", "Patient link revoked"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")

    delete.queryset_only = True

    def for_user(self, user):
        """What a user may read: a superuser everything, a clinic admin their clinic's."""
        if user.is_superuser:
            return self
        return self.filter(clinic__therapists__user=user)


class AuditEvent(models.Model):
    # PROTECT for accounts and clinics: a cascade or SET_NULL would change or remove rows
    # behind the log's back. Accounts that leave are deactivated, not deleted. The patient
    # is the exception (see the module's docstring).
    at = models.DateTimeField("time", default=timezone.now, editable=False)  # stored in UTC
    action = models.CharField(max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    username = models.CharField(
        max_length=150, blank=True, help_text="The user name given (for logins and lockouts)."
    )
    clinic = models.ForeignKey(
        "clinics.Clinic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # No constraint and DO_NOTHING: deleting the patient touches no audit row (the
    # triggers would refuse it) and patient_id stays, as the erased patient's pseudonym.
    # While the patient exists, the ORM joins to them as through any foreign key.
    patient = models.ForeignKey(
        "clinics.Patient",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="audit_events",
        help_text="Kept as a number once the patient is erased: a pseudonym for them.",
    )
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        # Model.save() updates through the base manager: make that the guarded one too.
        base_manager_name = "objects"
        indexes = [models.Index(fields=["clinic", "-at"], name="audit_clinic_time")]

    def __str__(self):
        who = self.actor or self.username or "someone"
        return f"{self.get_action_display()} by {who} at {self.at:%Y-%m-%d %H:%M} UTC"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")
