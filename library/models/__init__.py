"""The library: exercises and their parts, conditions and their caution rules, protocols and
templates, favourites, and education sheets, one module each; the rest of the code imports
them from here."""

from .exercises import (  # noqa: F401
    BLANK,
    HOLD,
    HOLD_RANGE,
    ILLUSTRATION_PATH,
    KEEP_GOING,
    MAX_HOLD_SECONDS,
    MAX_REPS,
    MAX_SETS,
    MAX_STAY_MINUTES,
    REPEAT,
    SETS,
    STAY,
    WORK_UP_TO,
    BodyRegion,
    Condition,
    ConditionCaution,
    ConditionCautionQuerySet,
    Dose,
    Exercise,
    ExerciseBenefit,
    ExerciseQuerySet,
    ExerciseStep,
    ExerciseTip,
    ExerciseVariant,
    IllustrationField,
    Kind,
    MovementTag,
    NamedList,
    OrderedText,
    Picture,
    Position,
    Side,
    SlugManager,
    SlugNaturalKey,
    SupportOption,
    describe_dose,
    illustration_url,
    validate_illustration_path,
)
from .progressions import (  # noqa: F401
    Grows,
    Progression,
    describe_progression,
    number_in_week,
    this_week,
)
from .protocols import (  # noqa: F401
    FavouriteExercise,
    Protocol,
    ProtocolItem,
    ProtocolQuerySet,
)
from .sheets import (  # noqa: F401
    Sheet,
    SheetQuerySet,
    SheetSection,
    SheetSource,
)
