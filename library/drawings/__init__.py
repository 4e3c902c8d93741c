"""The exercise drawings: the engine that draws a posed figure, and the poses."""

from .engine import draw, figure_box  # noqa: F401
from .poses import BY_SLUG, POSES  # noqa: F401
