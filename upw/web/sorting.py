"""Server-side sorting of a list page by its columns (the MoJ sortable table, with links).

The sort is kept in the URL as `?sort=deadline&order=desc` (or `?sort=-deadline`), next to the
filters; a header's link keeps every filter, swaps the order and goes back to the first page. Only
the columns a page names can be sorted on: any other key is ignored and the page's default applies.
"""

from dataclasses import dataclass

from django.http import HttpRequest

ASCENDING = "asc"
DESCENDING = "desc"


@dataclass(frozen=True)
class SortHeader:
    label: str
    url: str
    aria_sort: str  # "ascending", "descending" or "none", as the table header announces it
    numeric: bool


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool
    headers: dict[str, SortHeader]

    @property
    def params(self) -> dict[str, str]:
        return {"sort": self.key, "order": DESCENDING if self.descending else ASCENDING}


def sort_from(
    request: HttpRequest,
    columns: dict[str, str],
    *,
    default: str,
    default_descending: bool = False,
    numeric: frozenset[str] = frozenset(),
) -> Sort:
    """The sort asked for in the query string, limited to `columns` (key: header label)."""
    asked = request.GET.get("sort", "")
    descending = request.GET.get("order") == DESCENDING or asked.startswith("-")
    key = asked.removeprefix("-")
    if key not in columns:
        key, descending = default, default_descending
    headers = {}
    for column, label in columns.items():
        current = column == key
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = column
        query["order"] = ASCENDING if (current and descending) or not current else DESCENDING
        headers[column] = SortHeader(
            label=label,
            url=f"?{query.urlencode()}",
            aria_sort=("descending" if descending else "ascending") if current else "none",
            numeric=column in numeric,
        )
    return Sort(key=key, descending=descending, headers=headers)


def order_by(sort: Sort, fields: dict[str, tuple[str, ...]], *, tiebreak: str = "id") -> list[str]:
    """The order_by arguments for `sort`, from a whitelist of key: model fields (never user input)."""
    prefix = "-" if sort.descending else ""
    return [f"{prefix}{field}" for field in (*fields[sort.key], tiebreak)]


def sorted_rows(rows: list, sort: Sort, keys: dict, *, tiebreak) -> list:
    """`rows` built in Python (a list whose rows a query cannot order), sorted by `sort` with the key
    functions `keys` names, then `tiebreak` so that equal rows keep one order."""
    by = keys[sort.key]
    return sorted(rows, key=lambda row: (by(row), tiebreak(row)), reverse=sort.descending)
