"""The kernel client the server runs dashboards and course pages with.

A served page now and then never finished: its kernel had run the cell and sent the reply, the
reply sat in the server's socket (the socket reported ``POLLIN``), yet the server kept waiting,
because the wake-up for that message had been used up elsewhere. ZeroMQ signals new messages on
an edge-triggered descriptor: a wake-up that is consumed before the waiting poll sees it does
not come again while the message stays unread. Voila's executor waits for a cell's reply without
a time limit, so such a page waited until the idle culler stopped its kernel.

The channels here wait in slices of at most :data:`WAKE_CHECK` seconds. Each new slice looks at
the socket before it waits, so a message whose wake-up was lost is read at the next slice
instead of never. Waits with their own time limit keep it.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

#: Longest single wait on a kernel socket, in seconds, before it is looked at again.
WAKE_CHECK = 0.5


class SteadyChannel(AsyncZMQSocketChannel):
    """A kernel channel whose waits look at the socket again every :data:`WAKE_CHECK` s."""

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        """Return the next message; raise ``queue.Empty`` when ``timeout`` seconds pass.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait at most; ``None`` waits until a message comes.

        Returns
        -------
        dict
            The message, as ``AsyncZMQSocketChannel.get_msg`` returns it.

        Raises
        ------
        queue.Empty
            No message came within ``timeout`` seconds.
        """
        assert self.socket is not None
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            left = WAKE_CHECK if end is None else min(WAKE_CHECK, end - time.monotonic())
            if await self.socket.poll(max(int(left * 1000), 0)):
                return await self._recv()
            if end is not None and time.monotonic() >= end:
                raise Empty


class SteadyKernelClient(AsyncKernelClient):
    """``AsyncKernelClient`` whose message channels are :class:`SteadyChannel`."""

    shell_channel_class = Type(SteadyChannel)  # type: ignore[assignment]
    iopub_channel_class = Type(SteadyChannel)  # type: ignore[assignment]
    stdin_channel_class = Type(SteadyChannel)  # type: ignore[assignment]
    control_channel_class = Type(SteadyChannel)  # type: ignore[assignment]


#: Dotted name for ``KernelManager.client_class`` in a server configuration.
CLIENT_CLASS = f"{__name__}.{SteadyKernelClient.__name__}"
