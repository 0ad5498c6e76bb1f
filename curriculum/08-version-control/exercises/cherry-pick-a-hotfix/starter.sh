# Put only the commit "Fix crash on empty cart" (main~1) onto release/1.4.
# Finish on release/1.4 and do not change main.
