"""A TCP listener on 127.0.0.1 that records every connection made to it: what a SPARQL engine
would reach through SERVICE, FROM or LOAD if the guard or the worker's isolation let it."""

from __future__ import annotations

import socket
import threading

# What the listener answers, as a SPARQL endpoint would: a client must never see it.
SECRET = "listener-secret-8d3f"
_ANSWER = (
    b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"' + SECRET.encode() + b'"}}]}}'
)


class Listener:
    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(1.0)
                try:
                    conn.recv(65536)
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(_ANSWER), _ANSWER)
                    )
                except OSError:
                    pass

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        self.sock.close()
