def keep(predicate):
    def step(records):
        return [r for r in records if predicate(r) is True]

    return step


def transform(func):
    def step(records):
        return list(map(func, records))

    return step


def make_pipeline(*steps):
    def run(records):
        result = list(records)
        for step in steps:
            result = step(result)
        return result

    return run
