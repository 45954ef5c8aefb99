"""Who may see matching and rota runs and standing allocations: administrators all, coordinators
their regions'.

Registered with the core's one scoping mechanism (upw.core.access) when Django starts.
"""

from scheduler.models import MatchingRun, RotaRun, StandingAllocation
from upw.core.access import OFFICE_ROLES, by_region, register


def register_scopes() -> None:
    register(MatchingRun, OFFICE_ROLES, by_region(MatchingRun))
    register(RotaRun, OFFICE_ROLES, by_region(RotaRun))
    register(StandingAllocation, OFFICE_ROLES, by_region(StandingAllocation))
