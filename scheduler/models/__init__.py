"""The scheduler app's models: matching runs, rota runs and standing allocations. The engines themselves
never import these."""

from .direct_bookings import *  # noqa: F403
from .matching_runs import *  # noqa: F403
from .national_plans import *  # noqa: F403
from .rota_runs import *  # noqa: F403
from .standing import *  # noqa: F403
