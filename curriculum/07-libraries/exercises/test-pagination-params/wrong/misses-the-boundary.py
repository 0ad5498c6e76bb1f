import pytest


def parse_page(params):
    page = int(params.get("page", "1"))
    per_page = int(params.get("per_page", "20"))
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be at least 1")
    return page, min(per_page, 100)


def test_defaults():
    assert parse_page({}) == (1, 20)


def test_explicit_values():
    assert parse_page({"page": "3", "per_page": "50"}) == (3, 50)


def test_cap():
    assert parse_page({"per_page": "500"}) == (1, 100)


def test_errors():
    with pytest.raises(ValueError):
        parse_page({"page": "-1"})
    with pytest.raises(ValueError):
        parse_page({"per_page": "-5"})
    with pytest.raises(ValueError):
        parse_page({"page": "abc"})
