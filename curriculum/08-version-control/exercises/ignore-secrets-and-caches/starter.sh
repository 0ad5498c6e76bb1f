# 1. Create .gitignore with three patterns: the .env file, every *.log file,
#    and every __pycache__/ folder (use echo TEXT > FILE and echo TEXT >> FILE).
# 2. Commit .gitignore and requirements.txt with the message:
#    Add .gitignore and requirements
