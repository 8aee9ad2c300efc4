"""Too-long pages (the reference's `too-long-filter`)."""

from filters.counting import Count
from filters.page import Page

COUNTER_NAMESPACE = "too-long-filter"


def is_valid_length(page: Page, max_length: int, count: Count) -> bool:
    if len(page.text) > max_length:
        count("filtered")
        return False
    count("passed")
    return True
