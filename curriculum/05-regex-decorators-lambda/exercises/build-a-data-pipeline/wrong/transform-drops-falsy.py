def keep(predicate):
    def step(records):
        return list(filter(predicate, records))

    return step


def transform(func):
    def step(records):
        return [func(r) for r in records if func(r)]

    return step


def make_pipeline(*steps):
    def run(records):
        result = list(records)
        for step in steps:
            result = step(result)
        return result

    return run
