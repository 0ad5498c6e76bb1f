from datetime import datetime, timedelta, timezone


def parse_timestamp(text):
    """Parse ISO-8601 text (naive means UTC) into an aware datetime in UTC."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def to_local(text, offset_minutes):
    """The ISO text of the same instant in the zone UTC+offset_minutes."""
    zone = timezone(timedelta(minutes=offset_minutes))
    return parse_timestamp(text).astimezone(zone).isoformat()


def minutes_between(start, end):
    """Whole minutes from start to end (negative if end is earlier)."""
    delta = parse_timestamp(end) - parse_timestamp(start)
    return int(delta / timedelta(minutes=1))
