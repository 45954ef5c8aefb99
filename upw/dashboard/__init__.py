"""Each role's landing page and the coordinators' dashboard."""
