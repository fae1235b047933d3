#!/usr/bin/env python3
"""Run one command and report its wall time, peak RSS and CPU time.

    bench/measure.py [-o STDOUT_FILE] [-e STDERR_FILE] [--timeout SECONDS]
                     [--mem-limit MIB] -- COMMAND [ARGS...]

Prints one line on stdout:

    <wall seconds> <peak RSS KiB> <user+sys CPU seconds> <exit status>

The exit status is the command's, or 128+N when it was killed by signal N
(124 when --timeout expired, like timeout(1)). Peak RSS and CPU come from
wait4(2), so they cover the command and the children it waited for.
--mem-limit sets RLIMIT_AS (virtual memory, like `ulimit -v`) in the child.
measure.py itself exits 0 unless it could not start the command (127).
"""

import argparse
import os
import resource
import signal
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", "--stdout", default=os.devnull)
    ap.add_argument("-e", "--stderr", default=os.devnull)
    ap.add_argument("--timeout", type=float, default=None)
    ap.add_argument("--mem-limit", type=int, default=None, metavar="MIB")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        ap.error("no command")

    def limit():
        if a.mem_limit is not None:
            n = a.mem_limit * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (n, n))

    with open(a.stdout, "wb") as out, open(a.stderr, "wb") as err:
        t0 = time.perf_counter()
        try:
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                 stderr=err, preexec_fn=limit)
        except OSError as e:
            print(f"measure.py: cannot run {cmd[0]}: {e}", file=sys.stderr)
            sys.exit(127)
        timed_out = False
        if a.timeout is not None:
            deadline = t0 + a.timeout
            while True:
                pid, status, ru = os.wait4(p.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() >= deadline:
                    timed_out = True
                    os.kill(p.pid, signal.SIGKILL)
                    pid, status, ru = os.wait4(p.pid, 0)
                    break
                time.sleep(0.005)
        else:
            pid, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = 0  # reaped by wait4; keep Popen from waiting again

    if timed_out:
        rc = 124
    elif os.WIFSIGNALED(status):
        rc = 128 + os.WTERMSIG(status)
    else:
        rc = os.WEXITSTATUS(status)
    print(f"{wall:.3f} {ru.ru_maxrss} {ru.ru_utime + ru.ru_stime:.3f} {rc}")


if __name__ == "__main__":
    main()
