from tests.matching.conftest import plan  # noqa: F401  (the small region to plan, reused)
