import asyncio

from bot.coalesce import Coalescer


async def test_a_burst_of_requests_costs_a_handful_of_refreshes_and_the_last_one_sees_everything() -> None:
    tasks: list[asyncio.Task[None]] = []
    coalescer = Coalescer(lambda work: tasks.append(asyncio.ensure_future(work)))
    taps = 0
    seen: list[int] = []

    async def refresh() -> None:
        observed = taps
        await asyncio.sleep(0.01)  # an edit's round trip
        seen.append(observed)

    for _ in range(100):
        taps += 1
        coalescer.request("post", refresh)
        await asyncio.sleep(0.001)
    while tasks:
        await tasks.pop()
    assert 2 <= len(seen) <= 20, seen
    assert seen[-1] == 100  # the final refresh counted every tap


async def test_a_request_during_a_refresh_gets_one_more_refresh_and_keys_are_independent() -> None:
    tasks: list[asyncio.Task[None]] = []
    coalescer = Coalescer(lambda work: tasks.append(asyncio.ensure_future(work)))
    done: list[str] = []
    started = asyncio.Event()

    async def refresh(key: str) -> None:
        started.set()
        await asyncio.sleep(0.01)
        done.append(key)

    coalescer.request("a", lambda: refresh("a"))
    coalescer.request("a", lambda: refresh("a"))  # before the first run starts: folded into it
    coalescer.request("b", lambda: refresh("b"))
    await started.wait()
    coalescer.request("a", lambda: refresh("a"))  # while "a" runs: one more run afterwards
    while tasks:
        await tasks.pop()
    assert sorted(done) == ["a", "a", "b"]
