#!/usr/bin/env python3
"""A byte-counting TCP proxy on 127.0.0.1 for bench/source.sh.

    bench/source-proxy.py TARGET_PORT STATE_FILE

Listens on a free port of 127.0.0.1 (printed on stdout, one line, once it listens) and relays
every connection to 127.0.0.1:TARGET_PORT. After every change it rewrites STATE_FILE
(atomically, by rename) with one line:

    <open connections> <connections so far> <bytes to clients> <bytes from clients>

so a measurement reads the counters once the client has exited and the open count is 0.
Both tools talk through it, so bytes are counted at the same place for both: TCP payload
received by the client (protocol framing, reference advertisement and pack alike).
Runs until killed.
"""

import os
import socket
import sys
import threading

lock = threading.Lock()
state = {"open": 0, "total": 0, "down": 0, "up": 0}


def publish(path):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{state['open']} {state['total']} {state['down']} {state['up']}\n")
    os.replace(tmp, path)


def pump(src, dst, key, path, done):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
            with lock:
                state[key] += len(data)
    except OSError:
        pass
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    done.release()


def serve(client, target, path):
    try:
        server = socket.create_connection(("127.0.0.1", target))
    except OSError:
        client.close()
        with lock:
            state["open"] -= 1
            publish(path)
        return
    done = threading.Semaphore(0)
    threading.Thread(target=pump, args=(client, server, "up", path, done), daemon=True).start()
    threading.Thread(target=pump, args=(server, client, "down", path, done), daemon=True).start()
    done.acquire()
    done.acquire()
    client.close()
    server.close()
    with lock:
        state["open"] -= 1
        publish(path)


def main():
    target, path = int(sys.argv[1]), sys.argv[2]
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(64)
    with lock:
        publish(path)
    print(ls.getsockname()[1], flush=True)
    while True:
        client, _ = ls.accept()
        with lock:
            state["open"] += 1
            state["total"] += 1
            publish(path)
        threading.Thread(target=serve, args=(client, target, path), daemon=True).start()


if __name__ == "__main__":
    main()
