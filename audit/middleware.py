"""Writes the "access denied" row when a view refuses another clinic's object."""

from clinics.access import OtherClinic

from .log import Action, record


class AccessDeniedMiddleware:
    """clinics/access.py answers another clinic's object with OtherClinic, a 404 that sits
    below this layer and so cannot write the row itself. The row is written here and
    Django answers the 404 as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OtherClinic):
            record(
                request,
                Action.ACCESS_DENIED,
                obj=exception.obj,
                clinic_id=exception.clinic_id,
                patient_id=exception.patient_id,
                detail="belongs to another clinic",
            )
        return None
