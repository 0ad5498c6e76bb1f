from datetime import datetime, timedelta, timezone


def parse_timestamp(text):
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc)


def to_local(text, offset_minutes):
    zone = timezone(timedelta(minutes=offset_minutes))
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone).isoformat()


def minutes_between(start, end):
    delta = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    return int(delta.total_seconds() // 60)
