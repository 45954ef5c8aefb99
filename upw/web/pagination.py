from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from upw.core.selectors import first_rows_and_counts


def paginate(request: HttpRequest, items) -> tuple[Page, list]:
    """One page of `items` for the `page` query parameter; a bad or too-high number gives the nearest page.

    Also returns the page numbers to show, with Paginator.ELLIPSIS for the gaps (GOV.UK pagination).
    """
    paginator = Paginator(items, settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return page, page_numbers(paginator, page)


def paginate_in_one_query(request: HttpRequest, rows: QuerySet) -> tuple[Page, list]:
    """As `paginate`, for lists whose rows are costly to find (at risk, reviews due, waiting): the page
    and the number of rows come from one query (`first_rows_and_counts`), not a count and then the page.

    A number past the end falls back to `paginate`, which counts first and gives the last page.
    """
    paginator = Paginator(rows, settings.PAGE_SIZE)
    try:
        number = max(int(request.GET.get("page") or 1), 1)
    except ValueError:
        number = 1
    found, counted = first_rows_and_counts(rows, paginator.per_page, offset=(number - 1) * paginator.per_page)
    if not found:
        return paginate(request, rows)
    paginator.count = counted["total"]
    page = Page(found, number, paginator)
    return page, page_numbers(paginator, page)


def page_numbers(paginator: Paginator, page: Page) -> list:
    """The page numbers to show around `page`, with Paginator.ELLIPSIS for the gaps (GOV.UK pagination)."""
    return list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
