import logging

FORMAT = "%(levelname)s %(name)s: %(message)s"


def make_logger(name, stream, level="INFO"):
    """Return the logger `name`, writing 'LEVEL name: message' lines to stream."""
    logger = logging.getLogger(name)
    for old in list(logger.handlers):
        logger.removeHandler(old)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False
    return logger


def log_request(logger, method, path, status, duration_ms):
    """Log 'METHOD path -> status in Nms' at INFO, WARNING (4xx) or ERROR (5xx)."""
    if status >= 500:
        level = logging.ERROR
    elif status >= 400:
        level = logging.WARNING
    else:
        level = logging.INFO
    logger.log(level, "%s %s -> %d in %dms", method, path, status, round(duration_ms))
