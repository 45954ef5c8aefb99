"""Standing allocations: a person booked on a project's sessions on one weekday until their hours are
done or an end date, as the scheduler keeps them."""
