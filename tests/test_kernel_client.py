"""The server's kernel client reads a reply whose ZeroMQ wake-up was lost.

The served-page stall, as found in a stalled server: Voila's executor waited for a cell's reply
while the reply sat in its socket (``EVENTS`` reported ``POLLIN``), because the edge-triggered
wake-up had been consumed before the waiting poll saw it. Here that state is made on purpose: a
reply arrives while the event loop is held, and its wake-up is consumed by reading ``EVENTS``.
jupyter_client's own channel then waits forever; the server's channel reads the reply.
"""

from __future__ import annotations

import asyncio
import time

import pytest
import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

from leerlib.dashboards._kernel_client import WAKE_CHECK, SteadyChannel, SteadyKernelClient


async def _reply_with_lost_wakeup(channel_class, wait: float):
    """Send a reply to a channel of ``channel_class`` whose wake-up is consumed before the
    channel's poll sees it; return the message read within ``wait`` seconds, or None."""
    session = Session(key=b"test")
    router = zmq.Context.instance().socket(zmq.ROUTER)
    port = router.bind_to_random_port("tcp://127.0.0.1")
    actx = zmq.asyncio.Context()
    dealer = actx.socket(zmq.DEALER)
    dealer.identity = b"page"
    dealer.connect(f"tcp://127.0.0.1:{port}")
    try:
        await dealer.send(b"hello")  # the router learns the page's identity
        assert router.poll(5000)
        router.recv_multipart()
        channel = channel_class(dealer, session)
        waiting = asyncio.ensure_future(channel.get_msg())
        await asyncio.sleep(0.1)  # the channel now waits on the socket
        assert not waiting.done()
        session.send(router, "execute_reply", {"status": "ok"}, ident=b"page")
        time.sleep(0.3)  # the loop is held while the reply arrives
        events = zmq.Socket.shadow(dealer.underlying).get(zmq.EVENTS)  # consumes the wake-up
        assert events & zmq.POLLIN, "the reply is in the socket"
        try:
            return await asyncio.wait_for(waiting, wait)
        except TimeoutError:
            return None
    finally:
        dealer.close(linger=0)
        router.close(linger=0)
        actx.term()


def test_jupyter_clients_channel_misses_a_reply_whose_wakeup_was_lost():
    """The failure this module exists for: without a fresh look, the wait never ends."""
    assert asyncio.run(_reply_with_lost_wakeup(AsyncZMQSocketChannel, wait=3)) is None


def test_the_servers_channel_reads_a_reply_whose_wakeup_was_lost():
    msg = asyncio.run(_reply_with_lost_wakeup(SteadyChannel, wait=WAKE_CHECK * 6))
    assert msg is not None
    assert msg["msg_type"] == "execute_reply" and msg["content"] == {"status": "ok"}


def test_a_wait_with_a_time_limit_still_ends_empty():
    from queue import Empty

    async def wait_empty():
        dealer = zmq.asyncio.Context.instance().socket(zmq.DEALER)
        try:
            start = time.monotonic()
            with pytest.raises(Empty):
                await SteadyChannel(dealer, Session()).get_msg(timeout=WAKE_CHECK * 2.5)
            return time.monotonic() - start
        finally:
            dealer.close(linger=0)

    waited = asyncio.run(wait_empty())
    assert WAKE_CHECK * 2.5 <= waited < WAKE_CHECK * 2.5 + 5


def test_the_served_dashboards_use_the_steady_client():
    from jupyter_server.services.kernels.kernelmanager import ServerKernelManager

    from leerlib.serve import voila_config

    config, _ = voila_config()
    client = ServerKernelManager(config=config).client()
    assert isinstance(client, SteadyKernelClient)
    for name in ("shell", "iopub", "stdin", "control"):
        assert issubclass(getattr(client, f"{name}_channel_class"), SteadyChannel), name
