"""pyHanko's synchronous API runs its own event loop (``asyncio.run``), which fails in a thread
that already runs one: an async view under ASGI, or a process where Playwright's sync API
holds a loop. Such calls are handed to a worker thread instead."""

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor


def outside_event_loop(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return wrapper
