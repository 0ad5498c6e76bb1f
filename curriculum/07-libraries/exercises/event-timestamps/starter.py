from datetime import datetime, timedelta, timezone


def parse_timestamp(text):
    """Parse ISO-8601 text (naive means UTC) into an aware datetime in UTC."""
    # Your code here
    return None


def to_local(text, offset_minutes):
    """The ISO text of the same instant in the zone UTC+offset_minutes."""
    # Your code here
    return None


def minutes_between(start, end):
    """Whole minutes from start to end (negative if end is earlier)."""
    # Your code here
    return None
