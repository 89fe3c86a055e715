#!/usr/bin/env python3
"""pty-paint.py: first-paint timer. Runs a program in an 80x24 pseudo
terminal and measures the time from just before exec to the moment a given
text shows up in what it wrote (escape sequences removed), then stops it.

Usage: pty-paint.py [--runs N] [--timeout S] [--cols C --rows R] TEXT -- PROG ARGS...
Prints "median_ms min_ms runs" or "timeout" (exit 1).
"""

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

ESC = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78cDEHM])")


def once(text, argv, timeout, cols, rows):
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    got = b""
    found = None
    deadline = t0 + timeout
    try:
        while found is None:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            now = time.monotonic()
            got += chunk
            # cursor moves stand for spaces; compare without either
            plain = ESC.sub(b"", got).replace(b" ", b"")
            if text in plain:
                found = now - t0
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                break
            for _ in range(50):
                if os.waitpid(pid, os.WNOHANG)[0] != 0:
                    break
                time.sleep(0.02)
            else:
                continue
            break
        os.close(fd)
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("text")
    ap.add_argument("argv", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    argv = a.argv[1:] if a.argv[:1] == ["--"] else a.argv
    if not argv:
        ap.error("no program given")
    text = a.text.replace(" ", "").encode("utf-8")
    times = []
    for _ in range(max(1, a.runs)):
        t = once(text, argv, a.timeout, a.cols, a.rows)
        if t is None:
            print("timeout")
            return 1
        times.append(t * 1000)
    times.sort()
    print("%.1f %.1f %d" % (times[len(times) // 2], times[0], len(times)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
