"""People on probation and their requirements: the people list, a person's page and their API."""
