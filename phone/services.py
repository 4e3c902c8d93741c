"""What the phone page writes (a tick, how it felt) and stopping a link, each with its
audit row in the same transaction: if the row cannot be written, nothing changes.

What the patient does through their link is audited as the link, with no actor, and
the detail starts with "patient link"."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.log import Action, write

from .models import DayFeeling, ExerciseTick


def link_event(action, *, link, ip, detail):
    """The audit row of something done through the patient link (one INSERT)."""
    write(
        action,
        obj=link.handout,
        patient=link.handout.program.patient,
        ip=ip,
        detail=f"patient link: {detail}"[:200],
    )


@transaction.atomic
def tick(*, link, exercise_id, day, done, ip=None):
    """Ticks one exercise of the sheet done on `day`, or undoes it. Doing it twice changes
    nothing the second time."""
    program = link.handout.program
    if done:
        try:
            with transaction.atomic():
                ExerciseTick.objects.get_or_create(
                    program=program, exercise_id=exercise_id, day=day
                )
        except IntegrityError:  # the same tick from a second tap at the same moment
            pass
    else:
        ExerciseTick.objects.filter(program=program, exercise_id=exercise_id, day=day).delete()
    verb = "done" if done else "undone"
    link_event(
        Action.LINK_TICKED, link=link, ip=ip, detail=f"exercise {exercise_id} {verb} on {day}"
    )


@transaction.atomic
def feel(*, link, day, pain, effort, ip=None):
    """The day's pain and effort; a second answer the same day replaces the first."""
    try:
        with transaction.atomic():
            DayFeeling.objects.update_or_create(
                program=link.handout.program, day=day, defaults={"pain": pain, "effort": effort}
            )
    except IntegrityError:  # two answers at the same moment: the other one was stored
        pass
    link_event(Action.LINK_FELT, link=link, ip=ip, detail=f"pain {pain}, effort {effort} on {day}")


@transaction.atomic
def revoke(*, handout, link, user, ip=None):
    """Stops the handout's patient link at once; the ticks already sent stay with the
    program."""
    link.revoked_at, link.revoked_by = timezone.now(), user
    link.save(update_fields=["revoked_at", "revoked_by"])
    write(Action.LINK_REVOKED, obj=handout, patient=handout.program.patient, user=user, ip=ip)
