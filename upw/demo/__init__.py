"""Demo and benchmark data: `generate_region` builds a realistic region (see generator.py)."""

from .generator import (
    DEMO_PASSWORD,
    DemoDataPresent,
    DemoSummary,
    demo_data_present,
    generate_region,
    people_digest,
    reset_demo_data,
)

__all__ = [
    "DEMO_PASSWORD",
    "DemoDataPresent",
    "DemoSummary",
    "demo_data_present",
    "generate_region",
    "people_digest",
    "reset_demo_data",
]
