"""pyroad: a self-hostable platform for learning Python backend development."""

__version__ = "0.1.0"
