# The merge of feature/burst into main stopped with a conflict in config.py.
# Rewrite config.py with the resolved content (echo TEXT > FILE, echo TEXT >> FILE),
# stage it, and commit to finish the merge.
