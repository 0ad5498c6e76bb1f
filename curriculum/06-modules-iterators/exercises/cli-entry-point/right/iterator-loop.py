import re
import sys

PORT = re.compile(r"[0-9]+")


def parse_args(argv):
    options = {"host": "127.0.0.1", "port": 8000, "debug": False}
    items = iter(argv)
    for option in items:
        if option == "--debug":
            options["debug"] = True
            continue
        if option not in ("--host", "--port"):
            raise ValueError(f"unknown option: {option}")
        value = next(items, None)
        if value is None:
            raise ValueError(f"{option} expects a value")
        if option == "--port":
            if not PORT.fullmatch(value) or not 0 < int(value) < 65536:
                raise ValueError(f"port must be a number from 1 to 65535, got {value!r}")
            options["port"] = int(value)
        else:
            options["host"] = value
    return options


def main(argv):
    try:
        options = parse_args(argv)
    except ValueError as problem:
        print("error:", problem)
        return 2
    line = "Serving on http://{host}:{port}".format(**options)
    print(line + " (debug)" if options["debug"] else line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
