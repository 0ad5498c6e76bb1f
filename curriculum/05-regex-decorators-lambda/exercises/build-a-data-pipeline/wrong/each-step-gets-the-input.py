def keep(predicate):
    def step(records):
        return list(filter(predicate, records))

    return step


def transform(func):
    def step(records):
        return list(map(func, records))

    return step


def make_pipeline(*steps):
    def run(records):
        result = list(records)
        for step in steps:
            result = step(list(records))
        return result

    return run
