#!/usr/bin/env python3
"""pty-redraw.py: what a new update costs on the terminal. Runs azwatch in a
pseudo terminal against the fake Azure, waits until the first screen is
drawn and the output is quiet, then measures three changes, each until the
output is quiet again:

  nothing new   r with the fake unchanged (a poll round that finds nothing)
  new update    the fake one step further (GET --next), then r
  full screen   Ctrl-L, a full repaint of the same screen

For each it counts the bytes written and feeds them through a small
terminal emulator (cursor addressing, erases, scrolling, autowrap) to find
the cells they wrote or erased; each cell is named by the box (pane frame)
around it on the screen, or "header" (first row) and "footer" (last row).
Notices (bell, OSC) count in the bytes but touch no cell.

Usage: pty-redraw.py [--cols C --rows R] [--quiet S] [--timeout S]
           [--show] --ready TEXT --expect RE --next URL -- PROG ARGS...
--ready: text on the first screen; --expect: a regular expression for a
line the new update shows; --show: the bytes and the touched rows, before
and after, on stderr. Prints one line for each change, as "new update: N B,
rows 1, 14 (header, incidents)", then "first paint: N B" (everything up to
the first quiet screen).
Exit 1 when a step times out, 2 when the program exits.
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
import unicodedata
import urllib.request


class Screen:
    """Enough of an xterm to follow what ncurses sends."""

    def __init__(self, rows, cols):
        self.rows, self.cols = rows, cols
        self.cells = [[(" ", "")] * cols for _ in range(rows)]
        self.y = self.x = 0
        self.wrap = False
        self.top, self.bot = 0, rows - 1
        self.saved = (0, 0)
        self.attr = ""
        self.last = " "
        self.touched = set()
        self.notices = 0
        self.state = "text"
        self.seq = ""
        self.utf = b""

    # -- cells

    def touch(self, y, x0, x1):
        for x in range(max(0, x0), min(self.cols, x1)):
            self.cells[y][x] = (" ", self.attr)
            self.touched.add((y, x))

    def put(self, ch):
        w = 0 if unicodedata.combining(ch) else (
            2 if unicodedata.east_asian_width(ch) in "WF" else 1)
        if w == 0:
            return
        if self.wrap:
            self.x = 0
            self.linefeed()
            self.wrap = False
        if self.x + w > self.cols:
            self.x = 0
            self.linefeed()
        self.cells[self.y][self.x] = (ch, self.attr)
        self.touched.add((self.y, self.x))
        if w == 2 and self.x + 1 < self.cols:
            self.cells[self.y][self.x + 1] = ("", self.attr)
            self.touched.add((self.y, self.x + 1))
        self.last = ch
        if self.x + w >= self.cols:
            self.x = self.cols - 1
            self.wrap = True
        else:
            self.x += w

    def scroll(self, n, top=None, bot=None):
        """Up by n lines (down when n < 0) inside [top, bot]."""
        top = self.top if top is None else top
        bot = self.bot if bot is None else bot
        blank = [(" ", self.attr)] * self.cols
        for _ in range(min(abs(n), bot - top + 1)):
            if n > 0:
                del self.cells[top]
                self.cells.insert(bot, list(blank))
            else:
                del self.cells[bot]
                self.cells.insert(top, list(blank))
        for y in range(top, bot + 1):
            self.touched.update((y, x) for x in range(self.cols))

    def linefeed(self):
        if self.y == self.bot:
            self.scroll(1)
        elif self.y < self.rows - 1:
            self.y += 1

    def goto(self, y, x):
        self.y = min(max(y, 0), self.rows - 1)
        self.x = min(max(x, 0), self.cols - 1)
        self.wrap = False

    # -- input

    def feed(self, data):
        for b in data:
            if self.state == "text":
                self.text_byte(b)
            elif self.state == "esc":
                self.esc_byte(b)
            elif self.state == "csi":
                c = chr(b)
                if 0x40 <= b <= 0x7e:
                    self.csi(self.seq, c)
                    self.state = "text"
                else:
                    self.seq += c
            elif self.state == "charset":
                self.state = "text"
            elif self.state in ("osc", "dcs"):
                if b == 0x07:
                    self.state = "text"
                elif b == 0x1b:
                    self.state += "-esc"
            elif self.state in ("osc-esc", "dcs-esc"):
                self.state = "text" if b == 0x5c else self.state[:3]

    def text_byte(self, b):
        if self.utf or b >= 0x80:
            self.utf += bytes([b])
            try:
                ch = self.utf.decode("utf-8")
            except UnicodeDecodeError:
                if len(self.utf) >= 4:
                    self.utf = b""
                    self.put("\ufffd")
                return
            self.utf = b""
            self.put(ch)
        elif b == 0x1b:
            self.state = "esc"
        elif b == 0x0d:
            self.goto(self.y, 0)
        elif b in (0x0a, 0x0b, 0x0c):
            self.wrap = False
            self.linefeed()
        elif b == 0x08:
            self.goto(self.y, self.x - 1)
        elif b == 0x09:
            self.goto(self.y, (self.x // 8 + 1) * 8)
        elif b == 0x07:
            self.notices += 1
        elif b >= 0x20 and b != 0x7f:
            self.put(chr(b))

    def esc_byte(self, b):
        c = chr(b)
        self.state = "text"
        if c == "[":
            self.state, self.seq = "csi", ""
        elif c == "]":
            self.state = "osc"
            self.notices += 1
        elif c in "P_^X":
            self.state = "dcs"
        elif c in "()*+-./#%":
            self.state = "charset"
        elif c == "7":
            self.saved = (self.y, self.x)
        elif c == "8":
            self.goto(*self.saved)
        elif c == "D":
            self.linefeed()
        elif c == "E":
            self.x = 0
            self.linefeed()
        elif c == "M":
            if self.y == self.top:
                self.scroll(-1)
            elif self.y > 0:
                self.y -= 1
        elif c == "c":
            self.__init__(self.rows, self.cols)
            self.touch_all()

    def touch_all(self):
        for y in range(self.rows):
            self.touch(y, 0, self.cols)

    def csi(self, seq, f):
        if seq[:1] in "?>=<" and seq:
            if f in "hl" and seq[1:] in ("1049", "47", "1047"):
                self.touch_all()	# the alternate screen starts blank
            return
        try:
            p = [int(v) if v else 0 for v in seq.split(";")] if seq else []
        except ValueError:
            return

        def arg(i, d=1):
            return p[i] if len(p) > i and p[i] else d

        y, x = self.y, self.x
        if f in "Hf":
            self.goto(arg(0) - 1, arg(1) - 1)
        elif f == "d":
            self.goto(arg(0) - 1, x)
        elif f in "G`":
            self.goto(y, arg(0) - 1)
        elif f == "A":
            self.goto(max(y - arg(0), self.top if y >= self.top else 0), x)
        elif f == "B":
            self.goto(min(y + arg(0), self.bot if y <= self.bot else self.rows - 1), x)
        elif f in "Ca":
            self.goto(y, x + arg(0))
        elif f == "D":
            self.goto(y, x - arg(0))
        elif f == "E":
            self.goto(y + arg(0), 0)
        elif f == "F":
            self.goto(y - arg(0), 0)
        elif f == "K":
            m = arg(0, 0)
            self.touch(y, 0 if m else x, x + 1 if m == 1 else self.cols)
        elif f == "J":
            m = arg(0, 0)
            if m == 0:
                self.touch(y, x, self.cols)
                for r in range(y + 1, self.rows):
                    self.touch(r, 0, self.cols)
            elif m == 1:
                for r in range(0, y):
                    self.touch(r, 0, self.cols)
                self.touch(y, 0, x + 1)
            else:
                self.touch_all()
        elif f == "X":
            self.touch(y, x, x + arg(0))
        elif f in "@P":
            n = min(arg(0), self.cols - x)
            line = self.cells[y]
            blank = [(" ", self.attr)] * n
            if f == "@":
                line[x:] = (blank + line[x:])[:self.cols - x]
            else:
                line[x:] = line[x + n:] + blank
            self.touched.update((y, c) for c in range(x, self.cols))
        elif f in "LM":
            if self.top <= y <= self.bot:
                self.scroll(arg(0) if f == "M" else -arg(0), y, self.bot)
            self.x = 0
        elif f == "S":
            self.scroll(arg(0))
        elif f == "T":
            self.scroll(-arg(0))
        elif f == "r":
            t, b = arg(0) - 1, arg(1, self.rows) - 1
            if 0 <= t < b < self.rows:
                self.top, self.bot = t, b
            self.goto(0, 0)
        elif f == "b":
            for _ in range(arg(0)):
                self.put(self.last)
        elif f == "s":
            self.saved = (y, x)
        elif f == "u":
            self.goto(*self.saved)
        elif f == "m":
            self.sgr(p)

    def sgr(self, p):
        # the attribute only has to tell cells apart: keep the codes since
        # the last reset
        codes = [] if not self.attr else self.attr.split(";")
        for v in p or [0]:
            if v == 0:
                codes = []
            else:
                codes.append(str(v))
        self.attr = ";".join(codes)

    # -- reading it back

    def line(self, y):
        return "".join(c for c, _ in self.cells[y]).rstrip()

    def boxes(self):
        """(top, left, bottom, right, title) of each frame on the screen."""
        out = []
        for t in range(self.rows):
            row = [c for c, _ in self.cells[t]]
            for l in range(self.cols):
                if row[l] != "┌":
                    continue
                r = l + 1
                while r < self.cols and row[r] not in "┐┌":
                    r += 1
                if r >= self.cols or row[r] != "┐":
                    continue
                b = t + 1
                while b < self.rows and self.cells[b][l][0] == "│":
                    b += 1
                if b >= self.rows or self.cells[b][l][0] != "└":
                    continue
                title = "".join(row[l + 1:r]).strip("─ ")
                title = re.split(r"[:(─]|\s{2}", title)[0].strip() or "box"
                out.append((t, l, b, r, title))
        return out

    def name(self, y, x, boxes):
        for t, l, b, r, title in boxes:
            if t <= y <= b and l <= x <= r:
                return title
        if y == 0:
            return "header"
        if y == self.rows - 1:
            return "footer"
        return "screen"


def spans(rows):
    """[0, 1, 2, 5] -> "1-3, 6" (terminal rows count from 1)."""
    out, rows = [], sorted(rows)
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[j] + 1:
            j += 1
        a, b = rows[i] + 1, rows[j] + 1
        out.append(str(a) if a == b else "%d-%d" % (a, b))
        i = j + 1
    return ", ".join(out)


class Term:
    def __init__(self, argv, rows, cols):
        self.rows, self.cols = rows, cols
        self.screen = Screen(rows, cols)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ,
                    struct.pack("HHHH", rows, cols, 0, 0))

    def read_until(self, quiet, timeout, text=None):
        """Read until TEXT (if any) is on the screen and nothing came for
        QUIET seconds after the first byte; returns the bytes, or None on
        a timeout, or raises EOFError when the program is gone."""
        got = b""
        t_end = time.monotonic() + timeout
        last = None
        while True:
            now = time.monotonic()
            if now > t_end:
                return None
            seen = text is None or any(text.search(self.screen.line(y))
                                       for y in range(self.rows))
            if seen and last is not None and now - last >= quiet:
                return got
            wait = min(t_end - now, quiet if last is None else
                       max(0.01, quiet - (now - last)))
            r, _, _ = select.select([self.fd], [], [], wait)
            if not r:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise EOFError
            got += chunk
            self.screen.feed(chunk)
            last = time.monotonic()

    def send(self, keys):
        os.write(self.fd, keys)

    def stop(self):
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                break
            for _ in range(50):
                if os.waitpid(self.pid, os.WNOHANG)[0] != 0:
                    break
                time.sleep(0.02)
            else:
                continue
            break
        os.close(self.fd)


def off_the_minute(term, quiet):
    """Ages on screen turn over with the minute (the fake's timeline
    starts on a whole minute): keep each measurement inside one minute."""
    left = 60 - time.time() % 60
    if left < 10:
        time.sleep(left + 0.5)
        term.read_until(quiet, 5)	# the minute's repaint, if any


def measure(term, what, act, quiet, timeout, text, show):
    s = term.screen
    before = [list(r) for r in s.cells]
    s.touched = set()
    s.notices = 0
    act()
    got = term.read_until(quiet, timeout, text)
    if got is None:
        raise TimeoutError(what)
    boxes = s.boxes()
    rows = sorted({y for y, _ in s.touched})
    names = []
    for y, x in sorted(s.touched):
        n = s.name(y, x, boxes)
        if n not in names:
            names.append(n)
    changed = sorted({y for y in range(s.rows) if s.cells[y] != before[y]})
    if show:
        print("--- %s: %d B, rows written %s, rows changed %s, notices %d"
              % (what, len(got), spans(rows) or "none",
                 spans(changed) or "none", s.notices), file=sys.stderr)
        print("    %r%s" % (got[:400], "..." if len(got) > 400 else ""),
              file=sys.stderr)
        for y in rows:
            old = "".join(c for c, _ in before[y]).rstrip()
            new = s.line(y)
            if old == new:
                print("%3d = %s" % (y + 1, new), file=sys.stderr)
            else:
                print("%3d - %s\n%3d + %s" % (y + 1, old, y + 1, new),
                      file=sys.stderr)
    return len(got), rows, names


def describe(what, n, rows, names, full_rows):
    if len(rows) == full_rows:
        return "%s: %s B, every row" % (what, format(n, ","))
    where = "row%s %s" % ("" if len(rows) == 1 else "s", spans(rows)) \
        if rows else "no row"
    return "%s: %s B, %s (%s)" % (what, format(n, ","), where,
                                   ", ".join(names) or "nothing")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--quiet", type=float, default=1.0)
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--ready", required=True)
    ap.add_argument("--expect", required=True, type=re.compile)
    ap.add_argument("--next", required=True)
    ap.add_argument("argv", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    argv = a.argv[1:] if a.argv[:1] == ["--"] else a.argv
    if not argv:
        ap.error("no program given")

    def next_step():
        urllib.request.urlopen(a.next, timeout=10).read()
        term.send(b"r")

    term = Term(argv, a.rows, a.cols)
    try:
        first = term.read_until(a.quiet, a.timeout,
                                re.compile(re.escape(a.ready)))
        if first is None:
            raise TimeoutError("first screen")
        off_the_minute(term, a.quiet)
        same = measure(term, "nothing new", lambda: term.send(b"r"),
                       a.quiet, a.timeout, None, a.show)
        off_the_minute(term, a.quiet)
        upd = measure(term, "new update", next_step, a.quiet, a.timeout,
                      a.expect, a.show)
        off_the_minute(term, a.quiet)
        full = measure(term, "full screen", lambda: term.send(b"\x0c"),
                       a.quiet, a.timeout, None, a.show)
    except TimeoutError as e:
        print("timeout: %s" % e)
        if a.show:
            for y in range(a.rows):
                print(term.screen.line(y), file=sys.stderr)
        return 1
    except EOFError:
        print("the program exited")
        return 2
    finally:
        term.stop()
    print(describe("new update", *upd, a.rows))
    print(describe("nothing new", *same, a.rows))
    print(describe("full screen", *full, a.rows))
    print("first paint: %s B" % format(len(first), ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
