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


def test_defaults():
    assert parse_page({}) == (1, 20)


def test_cap():
    assert parse_page({"per_page": "100"}) == (1, 100)
    assert parse_page({"per_page": "101"}) == (1, 100)
    assert parse_page({"per_page": "5000"}) == (1, 100)
    assert parse_page({"page": "1", "per_page": "1"}) == (1, 1)


def test_bad_values():
    for params in [{"page": "0"}, {"per_page": "0"}, {"page": "-3"}, {"per_page": "x"}, {"page": "1.5"}]:
        with pytest.raises(ValueError):
            parse_page(params)
