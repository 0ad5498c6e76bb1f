from datetime import datetime, timedelta, timezone


def parse_timestamp(text):
    if text.endswith("Z") or "+" in text[10:] or "-" in text[10:]:
        moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")
    else:
        moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def to_local(text, offset_minutes):
    zone = timezone(timedelta(minutes=offset_minutes))
    return parse_timestamp(text).astimezone(zone).isoformat()


def minutes_between(start, end):
    delta = parse_timestamp(end) - parse_timestamp(start)
    return int(delta.total_seconds() / 60)
