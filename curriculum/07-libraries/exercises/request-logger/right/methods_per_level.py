import logging


def make_logger(name, stream, level="INFO"):
    logger = logging.getLogger(name)
    logger.handlers.clear()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("{levelname} {name}: {message}", style="{"))
    logger.addHandler(handler)
    logger.setLevel(getattr(logging, level.upper()))
    logger.propagate = False
    return logger


def log_request(logger, method, path, status, duration_ms):
    template = "%s %s -> %s in %sms"
    values = (method, path, status, int(round(duration_ms)))
    if status >= 500:
        logger.error(template, *values)
    elif 400 <= status:
        logger.warning(template, *values)
    else:
        logger.info(template, *values)
