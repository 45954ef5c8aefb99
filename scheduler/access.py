"""Who may see matching and rota runs: administrators all, coordinators their regions' runs.

Registered with the core's one scoping mechanism (upw.core.access) when Django starts.
"""

from scheduler.models import MatchingRun, RotaRun
from upw.core.access import OFFICE_ROLES, by_region, register


def register_scopes() -> None:
    register(MatchingRun, OFFICE_ROLES, by_region(MatchingRun))
    register(RotaRun, OFFICE_ROLES, by_region(RotaRun))
