git restore --staged .
git restore .
