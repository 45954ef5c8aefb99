from .accounts import Role, StaffInvitation, User
from .attendance import AttendanceRecord, OutcomeCode
from .attendance_sync import RequirementProgress, SessionReminder, StaffNotice, SyncAction
from .audit import PersonalDataAccess
from .bulk import BulkBookingChange
from .enforcement import EnforcementAction
from .geo import Office, PostcodeDistrict, PostcodeUnit, ProbationDeliveryUnit, Region
from .intake import Assessment, AssessmentStatus, ImportBatch, ImportJob, ImportJobStatus, Review
from .ledger import HoursLedgerEntry, LedgerEntryKind
from .orders import OrderEvent, OrderEventKind, PauseReason
from .people import ExclusionZone, NonAssociation, Person, Skill
from .reports import (
    ReportSummaryRefresh,
    RequirementFirstSession,
    RequirementLedgerMonth,
    RequirementLedgerTotal,
    SessionReportFigures,
)
from .requirements import Requirement, RequirementStatus
from .retention import ErasureTrigger, PersonErasure
from .sessions import Allocation, AllocationStatus, ProjectType, Session, SessionStatus, SessionSupervisor
from .staff import Leave, Qualification, Supervisor
from .tokens import ApiToken
from .travel import TravelClaim, TravelClaimStatus

__all__ = [
    "Allocation",
    "AllocationStatus",
    "ApiToken",
    "Assessment",
    "AssessmentStatus",
    "AttendanceRecord",
    "BulkBookingChange",
    "EnforcementAction",
    "ErasureTrigger",
    "ExclusionZone",
    "HoursLedgerEntry",
    "ImportBatch",
    "ImportJob",
    "ImportJobStatus",
    "Leave",
    "LedgerEntryKind",
    "NonAssociation",
    "Office",
    "OrderEvent",
    "OrderEventKind",
    "OutcomeCode",
    "PauseReason",
    "Person",
    "PersonErasure",
    "PersonalDataAccess",
    "PostcodeDistrict",
    "PostcodeUnit",
    "ProbationDeliveryUnit",
    "ProjectType",
    "Qualification",
    "Region",
    "ReportSummaryRefresh",
    "Requirement",
    "RequirementFirstSession",
    "RequirementLedgerMonth",
    "RequirementLedgerTotal",
    "RequirementProgress",
    "RequirementStatus",
    "Review",
    "Role",
    "Session",
    "SessionReminder",
    "SessionReportFigures",
    "SessionStatus",
    "SessionSupervisor",
    "Skill",
    "StaffInvitation",
    "StaffNotice",
    "Supervisor",
    "SyncAction",
    "TravelClaim",
    "TravelClaimStatus",
    "User",
]
