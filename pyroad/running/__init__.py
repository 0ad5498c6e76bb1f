"""Run before Submit: a learner's own runs of their code, in the grading sandbox, ungraded.

``runner`` runs a script with stdin (or a git exercise's commands on a fresh repository) and
sends one HTTP request to a learner's web app (the request console); ``console`` decides
which exercises have a console. Runs are never stored and never counted as attempts.
"""
