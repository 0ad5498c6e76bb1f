import pytest


def parse_page(params):
    page = int(params.get("page", "1"))
    per_page = int(params.get("per_page", "20"))
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be at least 1")
    return page, min(per_page, 100)


def test_defaults():
    assert parse_page({}) == (1, 20)


def test_cap_boundary():
    assert parse_page({"per_page": "100"}) == (1, 100)
    assert parse_page({"per_page": "101"}) == (1, 100)


def test_bad_values():
    # Looks like a test, but passes whatever parse_page does.
    for params in ({"page": "0"}, {"per_page": "0"}, {"page": "x"}):
        try:
            parse_page(params)
        except ValueError:
            pass
