_FLAGS = dict.fromkeys(("true", "1", "yes", "on"), True) | dict.fromkeys(("false", "0", "no", "off"), False)
def parse_flag(value):
    return _FLAGS.get(value.strip().casefold())
