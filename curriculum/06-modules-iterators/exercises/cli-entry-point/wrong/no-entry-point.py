import sys


def parse_port(text):
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
        raise ValueError(f"port must be a number from 1 to 65535, got {text!r}")
    return int(text)


def parse_args(argv):
    options = {"host": "127.0.0.1", "port": 8000, "debug": False}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--debug":
            options["debug"] = True
            i += 1
        elif arg in ("--host", "--port"):
            if i + 1 == len(argv):
                raise ValueError(f"{arg} needs a value")
            value = argv[i + 1]
            options[arg[2:]] = parse_port(value) if arg == "--port" else value
            i += 2
        else:
            raise ValueError(f"unknown option {arg!r}")
    return options


def main(argv):
    try:
        options = parse_args(argv)
    except ValueError as error:
        print(f"error: {error}")
        return 2
    suffix = " (debug)" if options["debug"] else ""
    print(f"Serving on http://{options['host']}:{options['port']}{suffix}")
    return 0
