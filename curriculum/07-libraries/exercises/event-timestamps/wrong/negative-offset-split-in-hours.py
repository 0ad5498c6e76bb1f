import datetime as dt
import re

_UTC = dt.timezone.utc


def parse_timestamp(text):
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    value = dt.datetime.fromisoformat(text)
    if value.utcoffset() is None:
        return value.replace(tzinfo=_UTC)
    return value.astimezone(_UTC)


def to_local(text, offset_minutes):
    tz = dt.timezone(dt.timedelta(hours=offset_minutes // 60, minutes=offset_minutes % 60 if offset_minutes >= 0 else -(-offset_minutes % 60)))
    return parse_timestamp(text).astimezone(tz).isoformat()


def minutes_between(start, end):
    diff = parse_timestamp(end) - parse_timestamp(start)
    micro = diff // dt.timedelta(microseconds=1)
    minute = 60 * 1_000_000
    whole = abs(micro) // minute
    return whole if micro >= 0 else -whole
