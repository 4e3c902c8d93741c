"""Tools every app may use; they import no app of ours (the bottom layer)."""
