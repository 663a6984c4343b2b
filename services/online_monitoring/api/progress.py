"""A long batch's progress as JSON lines (``Accept: application/x-ndjson``), as inspection's register
import streams it: one line per thousand entries checked, one when they are written, then the report
(or the problem when the batch cannot be read)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

Run = Callable[[Callable[[str, int], None]], Awaitable[dict[str, Any]]]


async def progress_lines(run: Run) -> AsyncIterator[str]:
    lines: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    def progress(stage: str, count: int) -> None:  # called on the event loop, between awaits
        lines.put_nowait({"stage": stage, "entries": count})

    task = asyncio.ensure_future(run(progress))
    while not task.done() or not lines.empty():
        line = asyncio.ensure_future(lines.get())
        await asyncio.wait({line, task}, return_when=asyncio.FIRST_COMPLETED)
        if line.done():
            yield json.dumps(line.result()) + "\n"
        else:
            line.cancel()
    yield json.dumps({"report": task.result()}, ensure_ascii=False) + "\n"
