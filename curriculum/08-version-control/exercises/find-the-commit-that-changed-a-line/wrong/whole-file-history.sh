git log --oneline -- settings.py
