git log --oneline --grep 500
