#!/usr/bin/env python3
"""Loopback receivers for azwatch's delivery sinks: one HTTP server that
plays a Slack incoming webhook, Slack's Web API (chat.postMessage and
chat.update with a bot token), a Teams Workflows webhook, PagerDuty's
Events API v2 and a plain webhook, told apart by path, records every POST
and can be told to fail. Standard library only.

Usage:
    fake-sinks.py --port-file FILE [--port N]

Binds 127.0.0.1 (an ephemeral port unless --port), writes the port to
FILE once listening, exits cleanly on SIGTERM or SIGINT.

Receivers (POST; any path under the prefix, like the real secret URLs)
    /slack/...         200 "ok" (text/plain), as Slack answers
    /teams/...         202, empty
    /pagerduty/...     202 {"status": "success", "message": "Event
                       processed", "dedup_key": ...}; 400 without a
                       routing_key or event_action
    /webhook/...       200, empty
    /api/chat.postMessage, /api/chat.update
                       Slack's Web API: JSON in, HTTP 200 and a JSON answer
                       {"ok": true, "channel": ID, "ts": ...} or {"ok":
                       false, "error": ...} (invalid_auth without
                       "Authorization: Bearer" and the token, when one
                       was set; channel_not_found; message_not_found for
                       an unknown ts; chat.update wants the channel's ID,
                       not its name, as Slack does). A channel name maps
                       to the ID "C" + its first 8 letters in capitals.
    anything else      404

Control API (GET, JSON answers, never recorded)
    /_ctl/received[?path=PREFIX]  the record: a list of {seq, path,
                                  headers (dict, lower-case names), body
                                  (text), status (what was answered; 0
                                  while a request hangs), hung (true when
                                  it was held by a hang fault)}
    /_ctl/count?path=PREFIX[&contains=TEXT]
                                  how many of those were answered 2xx, not
                                  held, and have TEXT in their body
    /_ctl/fail?path=PREFIX&status=N[&count=K][&retry_after=S][&echo=1]
                                  POSTs under PREFIX get status N (with
                                  Retry-After S when given); count limits
                                  it to the next K of them; echo=1 puts the
                                  request's path (a secret URL's) and
                                  Authorization header in the error body,
                                  as careless servers do
    /_ctl/hang?path=PREFIX        POSTs under PREFIX are held until
                                  /_ctl/clear (or 600 s), then get 200
    /_ctl/redirect?path=PREFIX&to=URL
                                  POSTs under PREFIX get 307 to URL
    /_ctl/clear                   drop every fault, release held requests
    /_ctl/reset                   clear, and forget what was received
                                  (and every Slack message)
    /_ctl/slack_token?token=T     the Web API accepts only this bot token
                                  (by default any "xoxb-" one)
    /_ctl/slack_messages          the Web API's messages as they are now:
                                  a list of {ts, channel, thread_ts (null
                                  for a first message), text, blocks,
                                  edits (how many chat.updates)}
"""

import argparse
import json
import os
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
RECEIVED = []
FAULTS = []          # dicts: path, kind, status, count, retry_after, to
RELEASE = threading.Event()
SLACK = {"token": None, "messages": [], "seq": 0}


def slack_channel_id(name):
    """An ID as Slack would give it: IDs are kept, names mapped."""
    if name and name[0] in "CGD" and name[1:].isalnum() and name.isupper():
        return name
    letters = "".join(c for c in name.upper() if c.isalnum())[:8]
    return "C" + (letters or "X")


def slack_api(method, headers, body):
    """The answer of Slack's Web API method to a JSON body (a dict)."""
    auth = headers.get("Authorization", "")
    want = SLACK["token"]
    if not auth.startswith("Bearer ") or \
            (want is None and not auth[7:].startswith("xoxb-")) or \
            (want is not None and auth[7:] != want):
        return {"ok": False, "error": "invalid_auth"}
    try:
        d = json.loads(body)
    except ValueError:
        return {"ok": False, "error": "invalid_json"}
    if not isinstance(d, dict):
        return {"ok": False, "error": "invalid_json"}
    chan = d.get("channel")
    if not isinstance(chan, str) or not chan:
        return {"ok": False, "error": "channel_not_found"}
    if not d.get("text") and not d.get("blocks"):
        return {"ok": False, "error": "no_text"}
    with LOCK:
        if method == "chat.postMessage":
            cid = slack_channel_id(chan)
            thread = d.get("thread_ts")
            if thread is not None and not any(
                    m["ts"] == thread and m["channel"] == cid
                    for m in SLACK["messages"]):
                return {"ok": False, "error": "thread_not_found"}
            SLACK["seq"] += 1
            ts = "1790000000.%06d" % SLACK["seq"]
            SLACK["messages"].append({
                "ts": ts, "channel": cid, "thread_ts": thread,
                "text": d.get("text"), "blocks": d.get("blocks"),
                "edits": 0})
            return {"ok": True, "channel": cid, "ts": ts}
        if method == "chat.update":
            if slack_channel_id(chan) != chan:
                return {"ok": False, "error": "channel_not_found"}
            for m in SLACK["messages"]:
                if m["ts"] == d.get("ts") and m["channel"] == chan:
                    m["text"] = d.get("text")
                    m["blocks"] = d.get("blocks")
                    m["edits"] += 1
                    return {"ok": True, "channel": chan, "ts": m["ts"]}
            return {"ok": False, "error": "message_not_found"}
    return {"ok": False, "error": "unknown_method"}


def fault_for(path):
    with LOCK:
        for f in reversed(FAULTS):
            if path.startswith(f["path"]):
                if f["count"] is not None:
                    f["count"] -= 1
                    if f["count"] <= 0:
                        FAULTS.remove(f)
                return dict(f)
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, body=b"", ctype=None, headers=()):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def ctl(self, url):
        q = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        name = url.path[len("/_ctl/"):]
        out = {"ok": True}
        if name == "received":
            prefix = q.get("path", "")
            with LOCK:
                out = [r for r in RECEIVED if r["path"].startswith(prefix)]
        elif name == "count":
            prefix, text = q.get("path", ""), q.get("contains", "")
            with LOCK:
                out = len([r for r in RECEIVED
                           if r["path"].startswith(prefix) and
                           200 <= r["status"] < 300 and not r["hung"] and
                           text in r["body"]])
        elif name in ("fail", "hang", "redirect"):
            f = {"path": q.get("path", "/"), "kind": name,
                 "status": int(q.get("status", "500")),
                 "count": int(q["count"]) if "count" in q else None,
                 "retry_after": q.get("retry_after"),
                 "to": q.get("to", "http://127.0.0.1:9/elsewhere"),
                 "echo": q.get("echo") == "1"}
            with LOCK:
                FAULTS.append(f)
                RELEASE.clear()
        elif name in ("clear", "reset"):
            with LOCK:
                FAULTS.clear()
                if name == "reset":
                    RECEIVED.clear()
                    SLACK["messages"].clear()
            RELEASE.set()
        elif name == "slack_token":
            with LOCK:
                SLACK["token"] = q.get("token")
        elif name == "slack_messages":
            with LOCK:
                out = [dict(m) for m in SLACK["messages"]]
        else:
            self.answer(404, b'{"error": "unknown control"}',
                        "application/json")
            return
        self.answer(200, json.dumps(out).encode(), "application/json")

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_ctl/"):
            self.ctl(url)
        else:
            self.answer(405, b"POST only\n", "text/plain")

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace")
        rec = {"path": url.path,
               "headers": {k.lower(): v for k, v in self.headers.items()},
               "body": body, "status": 0, "hung": False}
        with LOCK:
            rec["seq"] = len(RECEIVED) + 1
            RECEIVED.append(rec)
        f = fault_for(url.path)
        if f is not None and f["kind"] == "hang":
            rec["hung"] = True
            RELEASE.wait(600)
            f = None
        if f is not None and f["kind"] == "fail":
            hdrs = []
            if f["retry_after"] is not None:
                hdrs.append(("Retry-After", f["retry_after"]))
            rec["status"] = f["status"]
            err = {"error": "told to fail"}
            if f["echo"]:
                err["path"] = url.path
                err["authorization"] = self.headers.get("Authorization")
            self.answer(f["status"], json.dumps(err).encode(),
                        "application/json", hdrs)
            return
        if f is not None and f["kind"] == "redirect":
            rec["status"] = 307
            self.answer(307, b"", None, [("Location", f["to"])])
            return
        self.receive(url.path, body, rec)

    def receive(self, path, body, rec):
        if path.startswith("/slack/"):
            rec["status"] = 200
            self.answer(200, b"ok", "text/plain")
        elif path.startswith("/teams/"):
            rec["status"] = 202
            self.answer(202)
        elif path.startswith("/pagerduty/"):
            try:
                d = json.loads(body)
            except ValueError:
                d = {}
            if not isinstance(d, dict) or "routing_key" not in d or \
                    "event_action" not in d:
                rec["status"] = 400
                self.answer(400, b'{"status": "invalid event"}',
                            "application/json")
                return
            rec["status"] = 202
            self.answer(202, json.dumps({
                "status": "success", "message": "Event processed",
                "dedup_key": d.get("dedup_key")}).encode(),
                "application/json")
        elif path.startswith("/webhook/"):
            rec["status"] = 200
            self.answer(200)
        elif path in ("/api/chat.postMessage", "/api/chat.update"):
            out = slack_api(path[len("/api/"):], self.headers, body)
            rec["status"] = 200
            rec["answer"] = out
            self.answer(200, json.dumps(out).encode(),
                        "application/json; charset=utf-8")
        else:
            rec["status"] = 404
            self.answer(404, b"no such hook\n", "text/plain")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a client that gave up (a timeout, kill -9) is part of the test
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    srv = Server(("127.0.0.1", a.port), Handler)

    def stop(signum, frame):
        RELEASE.set()
        threading.Thread(target=srv.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, a.port_file)
    srv.serve_forever()
    srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
