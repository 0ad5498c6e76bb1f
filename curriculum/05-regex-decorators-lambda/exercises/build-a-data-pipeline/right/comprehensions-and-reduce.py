from functools import reduce


def keep(predicate):
    return lambda records: [record for record in records if predicate(record)]


def transform(func):
    return lambda records: [func(record) for record in records]


def make_pipeline(*steps):
    return lambda records: reduce(lambda acc, step: step(acc), steps, list(records))
