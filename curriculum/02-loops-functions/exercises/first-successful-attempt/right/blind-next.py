def first_success(responses, max_attempts):
    return next((n for n, s in enumerate(responses[:max(max_attempts, 0)], start=1) if s // 100 == 2), None)
