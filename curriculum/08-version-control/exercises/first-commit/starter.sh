# Stage app.py, requirements.txt and README.md,
# then commit them with the message: Initial commit
# Write one command per line below, as you would type it in a terminal.
