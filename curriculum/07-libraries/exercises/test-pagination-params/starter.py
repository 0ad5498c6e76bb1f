import pytest


def parse_page(params):
    """Return (page, per_page) from query parameters.

    page defaults to 1 and per_page to 20; per_page is capped at 100.
    A value below 1 or that is not a whole number raises ValueError.
    """
    page = int(params.get("page", "1"))
    per_page = int(params.get("per_page", "20"))
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be at least 1")
    return page, min(per_page, 100)


# Your tests below: functions named test_..., using assert and pytest.raises.

def test_defaults():
    assert parse_page({}) == (1, 20)
