"""Projects: proposing and reviewing them (the lifecycle itself is partners.workflow), their sites and
schedules, messages and photos, and the coordinators' project pages and API."""
