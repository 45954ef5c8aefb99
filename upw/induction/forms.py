"""Recording an induction as done."""

from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm


class InductionDoneForm(GovukForm):
    done_on = GovukDateField(
        label="Date of the induction",
        what="date of the induction",
        error_messages={"required": "Enter the date the induction was done"},
    )
