"""Importers that turn exercises in other platforms' layouts into pyroad exercises."""
