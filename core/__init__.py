"""Tools every app may use, and the uploaded files every app server reads (models.py,
storage.py); they import no app of ours (the bottom layer)."""
