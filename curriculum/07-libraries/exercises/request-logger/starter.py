import logging


def make_logger(name, stream, level="INFO"):
    """Return the logger `name`, writing 'LEVEL name: message' lines to stream."""
    logger = logging.getLogger(name)
    # Your code here
    return logger


def log_request(logger, method, path, status, duration_ms):
    """Log 'METHOD path -> status in Nms' at INFO, WARNING (4xx) or ERROR (5xx)."""
    # Your code here
