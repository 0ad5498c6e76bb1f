def keep(predicate):
    def step(records):
        return list(filter(predicate, records))

    return step


def transform(func):
    def step(records):
        return list(map(func, records))

    return step


STEPS = []


def make_pipeline(*steps):
    STEPS.extend(steps)
    def run(records):
        result = list(records)
        for step in STEPS:
            result = step(result)
        return result

    return run
