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


def test_page_zero():
    # Wrong belief: page 0 is "the first page".
    assert parse_page({"page": "0"}) == (0, 20)


def test_errors():
    with pytest.raises(ValueError):
        parse_page({"per_page": "0"})
    with pytest.raises(ValueError):
        parse_page({"page": "x"})
