"""A lower layer asks for what an app above it provides, without importing it.

The upper app provides a function by name when it starts (its AppConfig.ready()); the lower
one asks for it by that name and carries on without it when no app provides one. Used for
the phone page's record on programs' pages and the patient link on a filled handout."""

_provided = {}


def provide(name, function):
    _provided[name] = function


def provided(name):
    """The function provided under `name`, or None."""
    return _provided.get(name)
