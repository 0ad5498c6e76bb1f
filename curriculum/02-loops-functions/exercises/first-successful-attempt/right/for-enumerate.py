def first_success(responses, max_attempts):
    for attempt, status in enumerate(responses, start=1):
        if attempt > max_attempts:
            break
        if status // 100 == 2:
            return attempt
    return None
