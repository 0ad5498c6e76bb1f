"""Authoring: exercises written in the browser or uploaded, checked by the curriculum gate,
published as versions into a git repository under the data directory."""
