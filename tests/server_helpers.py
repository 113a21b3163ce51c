"""`workbench serve` in a test: a free loopback port, Streamlit's health endpoint, a clean
stop; and the network guard for such tests, which lets loopback through."""

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager

import pytest


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Replaces the suite's guard where a module imports it: the test and the server talk
    over loopback, anything else still fails the test."""
    connect = socket.socket.connect

    def loopback_only(sock, address):
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"test tried to open a network connection: {address!r}")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", loopback_only)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(command: list[str], cwd, env: dict, log=None):
    """Run `command` (a `workbench ... serve`) with `--port` set to a free port; yields the
    base URL once Streamlit answers its health check, and stops the server afterwards.
    `log`: a file to keep everything the server printed in."""
    port = free_port()
    output = open(log, "w") if log else subprocess.PIPE
    process = subprocess.Popen([*command, "--port", str(port)], cwd=cwd, env=env,
                               stdout=output, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: healthy(url) or process.poll() is not None, 60,
                   "workbench serve did not start")
        if process.poll() is not None:
            said = open(log).read() if log else process.stdout.read()
            raise AssertionError(f"workbench serve stopped: {said}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            output.close()


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read() == b"ok"
    except OSError:
        return False


def wait_until(condition, seconds: float, failure: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(failure)
