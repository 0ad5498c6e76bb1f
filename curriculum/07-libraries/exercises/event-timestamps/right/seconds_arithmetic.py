from datetime import datetime, timedelta, timezone

UTC = timezone.utc


def parse_timestamp(text):
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.utcoffset() is None:
        return parsed.replace(tzinfo=UTC)
    return (parsed - parsed.utcoffset()).replace(tzinfo=UTC)


def to_local(text, offset_minutes):
    shift = timedelta(minutes=offset_minutes)
    return parse_timestamp(text).astimezone(timezone(shift)).isoformat()


def minutes_between(start, end):
    seconds = (parse_timestamp(end) - parse_timestamp(start)).total_seconds()
    minutes = abs(seconds) // 60
    return int(minutes) if seconds >= 0 else -int(minutes)
