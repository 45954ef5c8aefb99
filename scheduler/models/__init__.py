"""The scheduler app's models: matching runs and rota runs. The engines themselves never import these."""

from .direct_bookings import *  # noqa: F403
from .matching_runs import *  # noqa: F403
from .national_plans import *  # noqa: F403
from .rota_runs import *  # noqa: F403
