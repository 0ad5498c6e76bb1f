import functools, time
class timed:
    def __init__(self, func):
        functools.update_wrapper(self, func)
        self._func = func
        self.timings = []
    def __call__(self, *args, **kwargs):
        began = time.perf_counter()
        try:
            return self._func(*args, **kwargs)
        finally:
            self.timings.append(time.perf_counter() - began)
