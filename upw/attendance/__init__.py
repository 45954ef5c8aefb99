"""Attendance: supervisors' registers (online and offline), outcomes, absences, adjustments and pace."""
