def keep(predicate):
    """Return a step that keeps the records for which predicate(record) is true."""

    def step(records):
        return list(filter(predicate, records))

    return step


def transform(func):
    """Return a step that replaces each record with func(record)."""

    def step(records):
        return list(map(func, records))

    return step


def make_pipeline(*steps):
    """Return a function that runs the steps in order on a list of records."""

    def run(records):
        result = list(records)
        for step in steps:
            result = step(result)
        return result

    return run
