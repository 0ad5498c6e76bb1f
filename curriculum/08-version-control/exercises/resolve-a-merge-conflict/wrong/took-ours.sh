git checkout --ours config.py
git add config.py
git commit -m "Merge feature/burst"
