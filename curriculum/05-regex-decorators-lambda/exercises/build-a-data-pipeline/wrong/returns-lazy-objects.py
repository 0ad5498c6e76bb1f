def keep(predicate):
    def step(records):
        return filter(predicate, records)

    return step


def transform(func):
    def step(records):
        return map(func, records)

    return step


def make_pipeline(*steps):
    def run(records):
        result = records
        for step in steps:
            result = step(result)
        return result

    return run
