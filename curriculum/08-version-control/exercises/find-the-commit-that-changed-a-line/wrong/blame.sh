git blame settings.py
