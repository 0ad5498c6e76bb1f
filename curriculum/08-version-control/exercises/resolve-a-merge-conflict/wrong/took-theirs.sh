git checkout --theirs config.py
git add config.py
git commit --no-edit
