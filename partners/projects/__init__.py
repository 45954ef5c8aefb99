"""Projects: their lifecycle (workflow), sites and schedules, the coordinators' project pages and API."""
