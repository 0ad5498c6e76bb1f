# Replace the two WIP commits with one commit named: Add response cache
# Keep all of their changes. Do not touch what was already pushed.
