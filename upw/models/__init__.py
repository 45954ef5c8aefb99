from .accounts import Role, User
from .attendance import AttendanceRecord, OutcomeCode
from .enforcement import EnforcementAction
from .geo import Office, PostcodeDistrict, PostcodeUnit, ProbationDeliveryUnit, Region
from .ledger import HoursLedgerEntry, LedgerEntryKind
from .people import ExclusionZone, NonAssociation, Person, Skill
from .requirements import Requirement, RequirementStatus
from .sessions import Allocation, AllocationStatus, Session, SessionStatus, SessionSupervisor
from .staff import Leave, Qualification, Supervisor
from .tokens import ApiToken

__all__ = [
    "Allocation",
    "AllocationStatus",
    "ApiToken",
    "AttendanceRecord",
    "EnforcementAction",
    "ExclusionZone",
    "HoursLedgerEntry",
    "Leave",
    "LedgerEntryKind",
    "NonAssociation",
    "Office",
    "OutcomeCode",
    "Person",
    "PostcodeDistrict",
    "PostcodeUnit",
    "ProbationDeliveryUnit",
    "Qualification",
    "Region",
    "Requirement",
    "RequirementStatus",
    "Role",
    "Session",
    "SessionStatus",
    "SessionSupervisor",
    "Skill",
    "Supervisor",
    "User",
]
