import logging


def make_logger(name, stream, level="INFO"):
    logging.basicConfig(stream=stream, format="%(levelname)s %(name)s: %(message)s",
                        level=level.upper(), force=True)
    logger = logging.getLogger(name)
    logger.setLevel(level.upper())
    return logger


def log_request(logger, method, path, status, duration_ms):
    if status >= 500:
        level = logging.ERROR
    elif status >= 400:
        level = logging.WARNING
    else:
        level = logging.INFO
    logger.log(level, "%s %s -> %d in %dms", method, path, status, round(duration_ms))
