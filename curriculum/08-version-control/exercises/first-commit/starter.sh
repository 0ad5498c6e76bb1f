# Stage app.py, requirements.txt and README.md,
# then commit them with the message: Initial commit
# Write one git command per line below.
