def keep(predicate):
    def step(records):
        return list(filter(predicate, records))

    return step


def transform(func):
    def step(records):
        return list(map(func, records))

    return step


def make_pipeline(*steps):
    # composes like f(g(x)): the last step runs first
    def run(records):
        result = list(records)
        for step in reversed(steps):
            result = step(result)
        return result

    return run
