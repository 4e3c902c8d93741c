"""The project has no tables of its own. This module exists so that Django sends the rehab
app its post_migrate signal (it skips apps without models), which refreshes the roles
(rehab/apps.py)."""
