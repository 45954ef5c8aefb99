"""Sessions made from approved projects' schedules, kept filled to a rolling horizon."""
