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


VALID = [
    ({}, (1, 20)),
    ({"page": "7"}, (7, 20)),
    ({"per_page": "35"}, (1, 35)),
    ({"page": "2", "per_page": "1"}, (2, 1)),
    ({"per_page": "100"}, (1, 100)),
    ({"per_page": "101"}, (1, 100)),
    ({"per_page": "99999"}, (1, 100)),
]

INVALID = [{"page": "0"}, {"per_page": "0"}, {"page": "-1"}, {"per_page": "-20"},
           {"page": "abc"}, {"per_page": "2.5"}]


def test_valid_inputs():
    for params, expected in VALID:
        assert parse_page(params) == expected, params


def test_invalid_inputs():
    for params in INVALID:
        with pytest.raises(ValueError):
            parse_page(params)
