from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items) -> tuple[Page, list]:
    """One page of `items` for the `page` query parameter; a bad or too-high number gives the nearest page.

    Also returns the page numbers to show, with Paginator.ELLIPSIS for the gaps (GOV.UK pagination).
    """
    paginator = Paginator(items, settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    numbers = list(paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return page, numbers
