import sys


def parse_args(argv):
    """Turn ['--port', '9000', '--debug'] into {'host': ..., 'port': ..., 'debug': ...}."""
    # Your code here
    return None


def main(argv):
    """Print where we serve and return 0, or print 'error: ...' and return 2."""
    # Your code here
    return None


# Add the entry point here: run main only when this file is executed as a script.
