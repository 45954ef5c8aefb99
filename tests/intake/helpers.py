"""Complete answers for every section of the assessment, as the forms would save them."""

from django.urls import reverse

FORM_DATA = {
    "availability": {"slots": ["0-0", "0-1", "2-0", "2-1", "5-0"], "commitments": "Works Thursday and Friday"},
    "placement": {"placement_preference": "mixed_group", "gender": "male", "gender_notes": ""},
    "risk": {
        "risk_level": "medium",
        "supervisor_gender_restriction": "not_female",
        "no_children": "on",
        "zone_1_label": "Victim's home",
        "zone_1_postcode": "NE4 5NL",
        "zone_1_radius_km": "2",
        "non_associations": "A123456 Co-defendant",
    },
    "health": {"no_heavy_work": "on", "health_notes": "Back injury"},
    "travel": {"has_driving_licence": "on", "uses_public_transport": "on", "max_travel_km": "12"},
    "skills": {"future_work_plans": "Catering", "reading_writing_difficulty": "on"},
    "ete": {"employment_status": "unemployed", "ete_need": "on"},
    "intensive": {"intensive": "on", "reach_28_hours_by": "2027-01-04"},
}


def answer_everything(client, crn: str, co_defendant: str = "A123456") -> None:
    """`co_defendant`: a CRN in the same region to keep the person apart from (none if empty)."""
    client.post(reverse("assessment_start", args=[crn]))
    for section, data in FORM_DATA.items():
        if section == "risk":
            data = {**data, "non_associations": f"{co_defendant} Co-defendant" if co_defendant else ""}
        response = client.post(reverse("assessment_section", args=[crn, section]), data)
        assert response.status_code == 302, (section, response.content.decode()[:2000])
