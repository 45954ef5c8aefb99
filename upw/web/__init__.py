"""The shared web kit: GOV.UK form helpers, role decorators, pagination, filters and the API's common parts."""
