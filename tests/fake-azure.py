#!/usr/bin/env python3
"""A fake Azure for azwatch's tests: one loopback HTTP server that plays
every host azwatch talks to (the public status feed, ARM, the login
endpoint, IMDS, the X API and an X RSS bridge), told apart by path.
Standard library only.

Usage:
    fake-azure.py --port-file FILE [--port N] [--scenario NAME] [--log FILE]

Binds 127.0.0.1 (an ephemeral port unless --port), writes the port number
to FILE once listening, and exits cleanly on SIGTERM or SIGINT. Every
answer carries Content-Type and Content-Length, except 304s (no body) and
deliberate faults.

Control API (GET, JSON answers; never logged or faulted, except echo)
    /_ctl/state                   {scenario, step, faults, knobs, tokens_issued,
                                   echo_authorization}
    /_ctl/scenario?name=NAME      switch scenario, step back to 0
    /_ctl/corpus?file=NAME[&now=ISO]
                                  serve one incident corpus file (scenario
                                  corpus); answers {file, now, shift}
    /_ctl/step?n=K                set the timeline step (clamped to the last one)
    /_ctl/next                    step + 1
    /_ctl/fault?path=PREFIX&kind=KIND[&count=N][&retry_after=S]
                                  requests whose path starts with PREFIX get
                                  KIND; count limits it to the next N of them.
                                  The newest matching fault wins.
    /_ctl/clear                   drop every fault and release hung requests
    /_ctl/requests[?clear=1][&path=PREFIX]
                                  the request log: a list of {method, path,
                                  query (dict), raw_query, headers (dict,
                                  lower-case names), body, status (0: the
                                  connection was closed), time, at (monotonic
                                  seconds, to order rounds)}; control calls
                                  other than echo are not logged. clear=1
                                  empties the log after answering.
    /_ctl/echo                    200 {"authorization": bool}; remembers in
                                  state.echo_authorization whether an
                                  Authorization header arrived (redirect target)
    /_ctl/expire-tokens           every ARM token issued or seen so far is
                                  now expired (401 ExpiredAuthenticationToken)
    /_ctl/set?key=K&value=V       knobs: events_pages (2), x_remaining (900),
                                  x_reset_in (900: X's x-rate-limit-reset is
                                  that many seconds from when it is set),
                                  graph_quota (15: Resource Graph queries
                                  per 5-second window; setting it starts a
                                  new window),
                                  arm_reads (11999: ARM's read bucket, counted
                                  down per ARM request in
                                  x-ms-ratelimit-remaining-subscription-reads;
                                  empty, ARM answers 429 with Retry-After),
                                  arm_refill (0: reads a second put back into
                                  the bucket, never above arm_reads),
                                  foreign_nextlink ("": the base URL the
                                  foreign-nextlink fault points to),
                                  big_events (10000),
                                  big_items (2000), tickets_fail ("": off; an
                                  ARM error code makes ticket creation fail,
                                  403 for Authorization* codes, else 400),
                                  token_expires_in (3599),
                                  graph_times (ticks | ms | s),
                                  feed_churn (0: off; N: the feed is N items
                                  of its own whose text changes on every
                                  request: "Churn poll K: item I"; state's
                                  feed_churns counts the requests)
                                  latency_ms (0: every request whose path
                                  starts with latency_path, "/subscriptions"
                                  by default, is answered that much later:
                                  a round trip to ARM, for benchmarks)
                                  State also counts requests in flight now
                                  alerts_denied ("": off; "1": the fired
                                  alerts API and Resource Graph's
                                  alertsmanagementresources answer 403
                                  AuthorizationFailed, as for an identity
                                  without Microsoft.AlertsManagement/alerts/read),
                                  health_graph_denied ("": off; "1": Resource
                                  Graph answers a HealthResources query 403
                                  AuthorizationFailed; other queries as usual)
                                  loadtest_alert ("": off; "1": a fifth fired
                                  alert, Sev1 on an Azure Load Testing
                                  resource in East US, a type only the
                                  Support service list names)
                                  support_services_fail ("": off; "1": the
                                  Support service list answers 503)
                                  and at most (inflight, peak_inflight;
                                  /_ctl/set?key=peak_inflight resets it).
    /_ctl/reset                   everything back to how it started

Fault kinds
    hang            read the request, answer only after /_ctl/clear (or 600 s)
    trickle         real headers, then the body one byte per second
    reset           headers and half the body, then a TCP RST
    close           close the connection without answering
    500 502 503 403 that status with an error body
    401             ARM ExpiredAuthenticationToken
    429             Retry-After: retry_after (default 2)
    429-noretry     429 without Retry-After
    truncated       full Content-Length, half the body, then close
    garbage         200, the right Content-Type, random bytes
    invalid-utf8    the real body with invalid UTF-8 spliced into a string
    wrong-title     a valid RSS whose channel title is "Sign in to Wi-Fi"
    html            200 text/html captive portal page
    oversized       a 50 MB body, streamed
    deep-json       200 application/json, '[' nested 100000 deep
    billion-laughs  XML with nested entity definitions
    xxe             XML with an external entity to file:///etc/passwd
    self-nextlink   an ARM list whose nextLink is the request's own URL
    foreign-nextlink an ARM list whose nextLink is the knob foreign_nextlink
                    followed by the request's own path and query
    redirect-foreign 302 to http://localhost:PORT/_ctl/echo
    redirect-http   302 to http://example.com/feed
    wrong-content-type the real body labelled image/png
    echo-secret     400 whose error message quotes the request's
                    Authorization header and body (a bearer token, a
                    client secret) back, as careless servers do
    echo-secret-event 200 ARM event list whose one event's title, summary
                    and update quote the request's Authorization header
    hostile-error   400 ARM error whose code and message carry terminal
                    escapes (a title, a screen clear; marker PWNED)
    hostile-list    200 subscription list whose one subscription's id and
                    name carry terminal escapes
    empty           200 with an empty body

Scenarios (the feed, ARM, X and support tell one story, same tracking ids;
times are anchored to the minute the server started, or to the minute of
$FAKE_AZURE_BASE, seconds since the epoch, when set)
    quiet           empty feed, no events, no tickets, routine X posts only
    redis-eastus    (default) step 0 quiet; 1 "Azure Cache for Redis - East
                    US - Investigating", 7K2Q-XL8 ServiceIssue Active in East
                    US, REDIS_EUS impacted (confirmed) and Unavailable,
                    a replica cache listed as potentially impacted
                    (info ImpactType Potential); 2 "Engineers have
                    identified..." and an open support ticket; 3 Mitigated
                    (event Resolved, impactMitigationTime set); 4 gone from
                    the feed, event stays Resolved. From step 1 also
                    PM4R-Q1Z (PlannedMaintenance, Virtual Machines, West
                    Europe) and HA8P-3VN (HealthAdvisory, Storage).
                    From step 1, fired Azure Monitor alerts (Alerts_GetAll,
                    two per page, and Resource Graph's
                    alertsmanagementresources): Sev1 on the East US cache,
                    Sev2 on a cache in East US 2, Sev1 on a Key Vault in
                    West US 2 (subscription a2), Sev3 on the West Europe VM;
                    Resource Graph's resources table knows their regions.
    broad           feed: QN4T-9B0 Azure Front Door - Multiple Regions -
                    Investigating, PRT7-5DG Azure Portal degraded; every ARM
                    events call answers 503; emergingIssues non-empty
    regional-multi  RM3W-8VJ Virtual Machines Active in East US, Resolved
                    in West US; GL0B-4AL Microsoft Entra ID with no region
    hostile         titles, summaries, updates and posts full of terminal
                    escapes (CSI, OSC 0/8/52, DCS, C1), bidi overrides,
                    zero-width and combining marks, CJK, emoji, a 10 kB line;
                    every escape carries the marker PWNED
    big             big_items feed items and big_events events per
                    subscription in one answer (benchmarks)
    early-eastus2   the user's resources fail before Azure says so: step 0
                    five Redis caches in East US 2 (SHOP_CACHES) Available;
                    1 three of them Unavailable (Platform Initiated,
                    Unplanned) since 6, 5 and 4 minutes before the start
                    minute, a fourth in planned maintenance, a VM stopped
                    by its owner; no event; 2 Service Health posts
                    E2R5-9KD (Azure Cache for Redis, East US 2, Active;
                    also an emerging issue whose startTime is the impact
                    start);
                    3 the caches recover and the event is Resolved.
                    Every scenario's availability statuses are also
                    Resource Graph's HealthResources table: a
                    microsoft.resourcehealth/availabilitystatuses row per
                    resource (the state) and, for one that is down, a
                    microsoft.resourcehealth/resourceannotations row (why:
                    context Platform-Initiated, category Unplanned)
    corpus          one file of tests/data/incidents/, chosen with
                    /_ctl/corpus?file=NAME[&now=ISO]: its Service Health
                    payloads as events, its status page incidents as feed
                    items, its posts on X; every time moved so that the
                    file's (or the given) "now" is the server's start minute.
                    The answer says the shift in seconds.

Credentials: client secret "fake-client-secret-Z9", X bearer
"fake-x-bearer-Q7". ARM accepts tokens from the token endpoint and IMDS
while not expired, and any other "fake-..." token (az CLI, static tokens).
"""

import argparse
import base64
import gzip
import hashlib
import json
import os
import re
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timezone
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape as xml_escape

# --------------------------------------------------------------------------
# Fixed identities

SUB_A1 = "00000000-0000-0000-0000-0000000000a1"
SUB_A2 = "00000000-0000-0000-0000-0000000000a2"
SUBSCRIPTIONS = {SUB_A1: "Contoso Production", SUB_A2: "Contoso Development"}
TENANT_ID = "72f988bf-0000-4000-8000-00000000fa4e"
CLIENT_SECRET = "fake-client-secret-Z9"
X_BEARER = "fake-x-bearer-Q7"
X_USER_ID = "1234567"
X_USERNAME = "AzureSupport"

REDIS_EUS = ("/subscriptions/%s/resourceGroups/rg-cache-eastus/providers/"
             "Microsoft.Cache/Redis/contoso-cache-eus" % SUB_A1)
REDIS_WUS = ("/subscriptions/%s/resourceGroups/rg-cache-westus/providers/"
             "Microsoft.Cache/Redis/contoso-cache-wus" % SUB_A1)
# listed by 7K2Q-XL8's impactedResources as potentially impacted
REDIS_EUS_REPLICA = ("/subscriptions/%s/resourceGroups/rg-cache-eastus/providers/"
                     "Microsoft.Cache/Redis/contoso-cache-eus-replica" % SUB_A1)
VM_WEU = ("/subscriptions/%s/resourceGroups/rg-web-weu/providers/"
          "Microsoft.Compute/virtualMachines/web-01" % SUB_A1)
ACTION_GROUP_ID = ("/subscriptions/%s/resourceGroups/rg-monitor/providers/"
                   "microsoft.insights/actionGroups/ops-team" % SUB_A1)

SCENARIOS = ("quiet", "redis-eastus", "broad", "regional-multi", "hostile",
             "big", "corpus", "early-eastus2")
LAST_STEP = 4

FAULT_KINDS = (
    "hang", "trickle", "reset", "close", "500", "502", "503", "403", "401",
    "429", "429-noretry", "truncated", "garbage", "invalid-utf8",
    "wrong-title", "html", "oversized", "deep-json", "billion-laughs", "xxe",
    "self-nextlink", "foreign-nextlink", "redirect-foreign", "redirect-http",
    "wrong-content-type", "empty", "echo-secret", "echo-secret-event",
    "hostile-error",
    "hostile-list",
)

KNOB_DEFAULTS = {
    "events_pages": 2,
    "x_remaining": 900,
    "x_reset_in": 900,
    "graph_quota": 15,
    "arm_reads": 11999,
    "big_events": 10000,
    "big_items": 2000,
    "tickets_fail": "",
    "token_expires_in": 3599,
    "graph_times": "ticks",
    "feed_churn": 0,
    "latency_ms": 0,
    "latency_path": "/subscriptions",
    "arm_refill": 0,
    "foreign_nextlink": "",
    "alerts_denied": "",
    "health_graph_denied": "",
    "loadtest_alert": "",
    "support_services_fail": "",
}

JSON_TYPE = "application/json; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"

OVERSIZED_BYTES = 50 * 1024 * 1024
DEEP_JSON_DEPTH = 100000
HANG_SECONDS = 600

SERVICE_GUIDS = {
    "Azure Cache for Redis": "c8e8a2a0-5d1f-4f43-b7a8-1f2a3c4d5e61",
    "Virtual Machines": "fd8065f5-ffd0-4756-8788-e6a11bf36257",
    "Storage": "a7e6e9c2-0e33-4f55-8d2a-3b4c5d6e7f80",
    "Azure Front Door": "0b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e",
    "Microsoft Entra ID": "e1d2c3b4-a596-4877-8695-a4b3c2d1e0f9",
}

# Microsoft.Support services and their problem classifications.
SUPPORT_SERVICES = [
    ("2c2c3fa3-6a1c-4bd0-9a7e-1c4b1e5c0f11", "Azure Cache for Redis",
     ["MICROSOFT.CACHE/REDIS"],
     [("8f2b5c1e-9a1d-4e0f-b3c2-5d6e7f8a9b01", "Connectivity / Connection timeouts"),
      ("8f2b5c1e-9a1d-4e0f-b3c2-5d6e7f8a9b02", "Performance / High latency"),
      ("8f2b5c1e-9a1d-4e0f-b3c2-5d6e7f8a9b03", "Availability / Cache is unavailable")]),
    ("cddd3eb5-1830-b494-44fd-782f691479dc", "Virtual Machine running Linux",
     ["MICROSOFT.COMPUTE/VIRTUALMACHINES"],
     [("1a2b3c4d-0000-4000-8000-000000000001",
       "Connectivity / Cannot connect to virtual machine by using RDP or SSH"),
      ("1a2b3c4d-0000-4000-8000-000000000002", "VM Start, Stop / VM is not starting")]),
    ("4f7e2b1a-3c5d-4e6f-8a9b-0c1d2e3f4a5b", "Azure Front Door Service",
     ["MICROSOFT.NETWORK/FRONTDOORS"],
     [("2b3c4d5e-0000-4000-8000-000000000001", "Availability / HTTP 5xx errors")]),
    ("06bfd9d3-516b-d5c6-5802-169c800dec89",
     "Service and subscription limits (quotas)", [],
     [("3c4d5e6f-0000-4000-8000-000000000001", "Compute-VM (cores-vCPUs) subscription limit increases")]),
]


# --------------------------------------------------------------------------
# Time formats

def iso(ts):
    """ARM's 7-digit fraction: 2026-11-24T09:40:00.0000000Z."""
    return datetime.fromtimestamp(ts, timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.0000000Z")


def iso_short(ts):
    return datetime.fromtimestamp(ts, timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def rss_date(ts):
    """The status feed's RFC 822 date with a bare "Z" zone."""
    return datetime.fromtimestamp(ts, timezone.utc).strftime(
        "%a, %d %b %Y %H:%M:%S Z")


def rss_date_numeric(ts):
    return datetime.fromtimestamp(ts, timezone.utc).strftime(
        "%a, %d %b %Y %H:%M:%S +0000")


def x_date(ts):
    return datetime.fromtimestamp(ts, timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z")


def hhmm(ts):
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%H:%M")


def day(ts):
    d = datetime.fromtimestamp(ts, timezone.utc)
    return "%d %s" % (d.day, d.strftime("%b %Y"))


def graph_time(ts, unit):
    """Resource Graph's numeric times; None means "not set" (0)."""
    if ts is None:
        return 0
    if unit == "ms":
        return int(ts * 1000)
    if unit == "s":
        return int(ts)
    return int((ts + 62135596800) * 10**7)     # .NET ticks


def snowflake(ts, seq=0):
    """An X post id for a time, so ids grow with time as real ones do."""
    return str(((int(ts * 1000) - 1288834974657) << 22) + seq)


# --------------------------------------------------------------------------
# Hostile text: every escape sequence carries the marker PWNED.

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"
HOSTILE = {
    "csi_colour": ESC + "[31;1;5mPWNED" + ESC + "[0m",
    "csi_cursor": ESC + "[2J" + ESC + "[H" + ESC + "[12;40HPWNED" + ESC + "[1A" + ESC + "[K",
    "osc_title": ESC + "]0;PWNED window title" + BEL,
    "osc52": ESC + "]52;c;PWNED" + BEL,
    "osc8": ESC + "]8;;https://PWNED.example/" + ST + "innocent link" + ESC + "]8;;" + ST,
    "dcs": ESC + "P+qPWNED" + ST,
    "c1": "\u009b31mPWNED\u009b0m \u009d0;PWNED\u009c \u0085",
    "cr": "All services healthy\rPWNED",
    "bs": "ok\b\b\bPWNED",
    "bidi": "\u202ePWNED desrever\u202c \u2067PWNED\u2069 \u200fPWNED",
    "zero_width": "Re\u200bd\u200ci\u200ds\ufeff \u2060Cache",
    "combining": "Z\u0335\u0321\u031b\u0353a\u0338\u0328l\u0335\u0327g\u0336\u0322o\u0334\u0323",
    "cjk": "東京リージョンのキャッシュ障害・서울 지역",
    "emoji": "🔥💥🇺🇸👩‍💻🧑🏽‍🚒",
}
LONG_LINE = "A-10-kB-line-without-spaces:" + "Redis-timeout-" * 730


def xml_text(s):
    """Escape for XML; characters XML cannot carry (ESC, BEL, ...) become
    their HTML numeric reference as text, as a hostile publisher would
    write them: an HTML decoder turns them back into raw controls."""
    out = []
    for ch in s:
        c = ord(ch)
        if (c < 0x20 and ch not in "\t\n\r") or 0xD800 <= c <= 0xDFFF or c in (0xFFFE, 0xFFFF):
            out.append("&#%d;" % c)
        else:
            out.append(ch)
    return xml_escape("".join(out)).replace("\r", "&#13;")


# --------------------------------------------------------------------------
# The world a scenario shows at one step

class World:
    """What every host says at one (scenario, step): plain data, read only."""

    def __init__(self):
        self.feed_items = []     # dicts: tracking, service, region, title, description, pub
        self.events = []         # event specs (see make_event)
        self.events_error = None  # (status, code, message) for every events call
        self.impacted = {}       # tracking id -> [(resource id, region)]
        self.unavailable = {}    # lower-case resource id -> event spec
        self.posts = []          # dicts: id, ts, text; newest first
        self.tickets = {}        # subscription -> [ticket]
        self.emerging = []       # statusActiveEvents
        self.banners = []        # statusBanners
        self.paged = True        # False: all events in one answer (big)
        self.raw_events = []     # events given as payloads (corpus)
        self.statuses = []       # more availabilityStatuses rows (early-eastus2)


def make_event(tracking, etype, status, title, summary, service, regions,
               start, last_update, mitigation=None, level="Warning",
               event_level="Warning", subs=None, subtype=None, priority=2,
               is_hir=False):
    """regions: list of {name, status, updates: [(ts, text)] newest first}."""
    return {
        "tracking": tracking, "type": etype, "status": status, "title": title,
        "summary": summary, "service": service, "regions": regions,
        "start": start, "last_update": last_update, "mitigation": mitigation,
        "level": level, "event_level": event_level,
        "subs": subs or list(SUBSCRIPTIONS), "subtype": subtype,
        "priority": priority, "is_hir": is_hir,
    }


def feed_item(tracking, service, region, stage, description, pub):
    return {"tracking": tracking, "service": service, "region": region,
            "title": "%s - %s - %s" % (service, region, stage),
            "description": description, "pub": pub}


def post(ts, text, seq=0):
    return {"id": snowflake(ts, seq), "ts": ts, "text": text}


def routine_posts(b):
    return [
        post(b - 26 * 3600, "Tip: Azure Service Health alerts tell you about "
             "platform issues that affect your resources. Set one up in "
             "minutes: https://aka.ms/ash-alerts"),
        post(b - 50 * 3600, "Need a hand with your Azure subscription? Send "
             "us a DM with your subscription ID and a short description and "
             "we'll point you the right way."),
    ]


def world_quiet(b, step):
    w = World()
    w.posts = routine_posts(b)
    return w


def redis_texts(b):
    start = b - 55 * 60
    mitigated = b - 8 * 60
    impact = ("<p><strong>Impact Statement:</strong> Starting at %s UTC on "
              "%s, customers using Azure Cache for Redis in East US may "
              "experience connection timeouts and increased latency when "
              "connecting to their caches.</p>" % (hhmm(start), day(start)))
    u1 = impact + ("<p><strong>Current Status:</strong> Engineers are "
                   "investigating. The next update will be provided in 60 "
                   "minutes, or as events warrant.</p>")
    u2 = impact + ("<p><strong>Current Status:</strong> Engineers have "
                   "identified a configuration change on a subset of cache "
                   "scale units in East US as the likely cause and are "
                   "rolling it back. Some customers may already see "
                   "recovery. The next update will be provided in 60 "
                   "minutes, or as events warrant.</p>")
    u3 = ("<p><strong>Summary of Impact:</strong> Between %s and %s UTC on "
          "%s, customers using Azure Cache for Redis in East US may have "
          "experienced connection timeouts.</p><p>This issue is now "
          "mitigated. A preliminary Post Incident Review will be published "
          "within 3 days.</p>" % (hhmm(start), hhmm(mitigated), day(start)))
    return start, mitigated, u1, u2, u3


def world_redis(b, step):
    w = World()
    w.posts = routine_posts(b)
    if step == 0:
        return w
    start, mitigated, u1, u2, u3 = redis_texts(b)
    t1, t2, t3 = b - 30 * 60, b - 20 * 60, b - 5 * 60
    updates = [(t1, u1)]
    if step >= 2:
        updates.insert(0, (t2, u2))
    if step >= 3:
        updates.insert(0, (t3, u3))
    last, text = updates[0]
    resolved = step >= 3

    def stamp(html, ts):
        return html + ("<p>This message was last updated at %s UTC on %s</p>"
                       "<p>Tracking ID: 7K2Q-XL8</p>" % (hhmm(ts), day(ts)))

    if step <= 3:
        w.feed_items.append(feed_item(
            "7K2Q-XL8", "Azure Cache for Redis", "East US",
            "Mitigated" if resolved else "Investigating", stamp(text, last),
            last))
    w.events.append(make_event(
        "7K2Q-XL8", "ServiceIssue", "Resolved" if resolved else "Active",
        "Azure Cache for Redis - East US - Connection timeouts", text,
        "Azure Cache for Redis",
        [{"name": "East US", "status": "Resolved" if resolved else "Active",
          "updates": updates}],
        start, last, mitigation=mitigated if resolved else None))
    pm_start = b + 2 * 86400
    w.events.append(make_event(
        "PM4R-Q1Z", "PlannedMaintenance", "Active",
        "Planned maintenance: Virtual Machines - West Europe",
        "<p>Azure will perform planned maintenance on the host "
        "infrastructure of Virtual Machines in West Europe between %s and "
        "%s UTC on %s. Virtual machines may pause for up to 30 seconds.</p>"
        % (hhmm(pm_start), hhmm(pm_start + 4 * 3600), day(pm_start)),
        "Virtual Machines",
        [{"name": "West Europe", "status": "Active",
          "updates": [(b - 3 * 3600, "Maintenance scheduled.")]}],
        pm_start, b - 3 * 3600, mitigation=pm_start + 4 * 3600,
        event_level="Informational", subs=[SUB_A1], priority=12))
    w.events.append(make_event(
        "HA8P-3VN", "HealthAdvisory", "Active",
        "Action recommended: move to TLS 1.2 for Azure Storage",
        "<p>Azure Storage will stop accepting TLS 1.0 and 1.1 connections. "
        "Update your clients to TLS 1.2 before the retirement date.</p>",
        "Storage",
        [{"name": "North Europe", "status": "Active",
          "updates": [(b - 86400, "Retirement announced.")]}],
        b - 2 * 86400, b - 86400, mitigation=b + 90 * 86400,
        event_level="Informational", subtype="Retirement", priority=18))
    w.impacted["7K2Q-XL8"] = [(REDIS_EUS, "eastus", "Confirmed"),
                              (REDIS_EUS_REPLICA, "eastus", "Potential")]
    if step <= 2:
        w.unavailable[REDIS_EUS.lower()] = w.events[0]
    w.posts.insert(0, post(b - 28 * 60, "We're investigating connection "
                           "timeouts affecting Azure Cache for Redis in East "
                           "US. More information: https://azure.status."
                           "microsoft/en-us/status Tracking ID: 7K2Q-XL8"))
    if step >= 2:
        w.posts.insert(0, post(b - 18 * 60, "Update on 7K2Q-XL8: engineers "
                               "have identified the likely cause of Redis "
                               "connection timeouts in East US and are "
                               "rolling back a configuration change."))
    if step >= 3:
        w.posts.insert(0, post(b - 4 * 60, "Mitigated: connection timeouts "
                               "for Azure Cache for Redis in East US "
                               "(7K2Q-XL8) are mitigated. A preliminary PIR "
                               "will follow within 3 days."))
    if step >= 2:
        w.tickets[SUB_A1] = [redis_ticket(b)]
    return w


def redis_ticket(b):
    sid, _, _, classes = SUPPORT_SERVICES[0]
    created = b - 15 * 60
    return ticket_resource(SUB_A1, "azw-7k2q-xl8-eastus", {
        "supportTicketId": "2611240010001234",
        "title": "Redis connection timeouts in East US",
        "description": "contoso-cache-eus times out since the incident began.",
        "serviceId": "/providers/Microsoft.Support/services/%s" % sid,
        "problemClassificationId": "/providers/Microsoft.Support/services/%s/"
                                   "problemClassifications/%s" % (sid, classes[0][0]),
        "severity": "moderate",
        "advancedDiagnosticConsent": "Yes",
        "require24X7Response": False,
        "contactDetails": {
            "firstName": "Ada", "lastName": "Lovelace",
            "preferredContactMethod": "email",
            "primaryEmailAddress": "ada@contoso.com",
            "preferredTimeZone": "Pacific Standard Time",
            "country": "usa", "preferredSupportLanguage": "en-US"},
        "technicalTicketDetails": {"resourceId": REDIS_EUS},
    }, created)


def world_broad(b, step):
    w = World()
    w.posts = routine_posts(b)
    afd = ("<p><strong>Impact Statement:</strong> Starting at %s UTC on %s, "
           "a subset of customers using Azure Front Door may see "
           "intermittent HTTP 502 errors and increased latency in multiple "
           "regions.</p><p><strong>Current Status:</strong> Engineers are "
           "investigating. The next update will be provided in 30 minutes."
           "</p><p>Tracking ID: QN4T-9B0</p>" % (hhmm(b - 25 * 60), day(b)))
    portal = ("<p><strong>Impact Statement:</strong> Customers may "
              "experience slowness and errors loading the Azure Portal."
              "</p><p>Tracking ID: PRT7-5DG</p>")
    w.feed_items.append(feed_item("QN4T-9B0", "Azure Front Door",
                                  "Multiple Regions", "Investigating", afd,
                                  b - 12 * 60))
    w.feed_items.append(feed_item("PRT7-5DG", "Azure Portal",
                                  "Multiple Regions", "Degraded Performance",
                                  portal, b - 9 * 60))
    w.events_error = (503, "ServiceUnavailable",
                      "The service is temporarily unavailable. Please try "
                      "again later.")
    w.emerging.append({
        "title": "Azure Front Door - Multiple Regions",
        "description": "Intermittent HTTP 502 errors and increased latency.",
        "trackingId": "QN4T-9B0", "startTime": iso_short(b - 25 * 60),
        "cloud": "Public", "severity": "Error", "stage": "Active",
        "published": True, "lastModifiedTime": iso_short(b - 12 * 60),
        "impacts": [{"id": "azure-front-door", "name": "Azure Front Door",
                     "regions": [{"id": "us-east", "name": "East US"},
                                 {"id": "europe-west", "name": "West Europe"}]}],
    })
    w.banners.append({
        "title": "Azure Front Door - Multiple Regions",
        "message": "<p>We are investigating intermittent errors with Azure "
                   "Front Door.</p>",
        "cloud": "Public", "lastModifiedTime": iso_short(b - 12 * 60)})
    w.posts.insert(0, post(b - 20 * 60, "We're investigating an issue with "
                           "Azure Front Door affecting multiple regions. "
                           "Tracking ID: QN4T-9B0. Updates: https://azure."
                           "status.microsoft/en-us/status"))
    return w


SHOP_CACHES = ["/subscriptions/%s/resourceGroups/rg-shop-eus2/providers/"
               "Microsoft.Cache/Redis/shop-cache-%d" % (SUB_A1, i)
               for i in range(1, 6)]
SHOP_VM = ("/subscriptions/%s/resourceGroups/rg-shop-eus2/providers/"
           "Microsoft.Compute/virtualMachines/build-agent" % SUB_A1)


def early_status(rid, location, kind, occurred):
    """One availabilityStatuses row in the 2025-05-01 shape; kind is
    available, platform (unplanned outage), planned or user."""
    props = {"availabilityState": "Available", "title": "Available",
             "summary": "There aren't any known Azure platform problems "
                        "affecting this resource.",
             "reasonChronicity": "Persistent",
             "occuredTime": iso_short(occurred),
             "reportedTime": iso_short(time.time())}
    if kind == "platform":
        props.update({"availabilityState": "Unavailable",
                      "title": "Unavailable",
                      "summary": "We're sorry, your cache isn't available. "
                                 "We're working to automatically recover it.",
                      "reasonType": "Unplanned",
                      "reasonChronicity": "Transient",
                      "context": "Platform Initiated",
                      "category": "Unplanned"})
    elif kind == "planned":
        props.update({"availabilityState": "Unavailable",
                      "title": "Unavailable",
                      "summary": "Your cache is being updated as part of "
                                 "planned maintenance.",
                      "reasonType": "Planned",
                      "reasonChronicity": "Transient",
                      "context": "Platform Initiated",
                      "category": "Planned"})
    elif kind == "user":
        props.update({"availabilityState": "Unavailable",
                      "title": "Unavailable",
                      "summary": "This virtual machine was stopped and "
                                 "deallocated by an authorized user.",
                      "reasonType": "UserInitiated",
                      "reasonChronicity": "Persistent",
                      "context": "User Initiated",
                      "category": "Not Applicable"})
    return {"id": rid + "/providers/Microsoft.ResourceHealth/"
                  "availabilityStatuses/current",
            "name": "current",
            "type": "Microsoft.ResourceHealth/AvailabilityStatuses",
            "location": location, "properties": props}


def world_early(b, step):
    w = World()
    w.posts = routine_posts(b)
    week = b - 7 * 86400
    down = step in (1, 2)
    kinds = (["platform"] * 3 + ["planned", "available"] if down
             else ["available"] * 5)
    times = [b - 6 * 60, b - 5 * 60, b - 4 * 60, b - 3 * 60, week]
    for rid, kind, ts in zip(SHOP_CACHES, kinds, times):
        w.statuses.append(early_status(rid, "eastus2", kind,
                                       ts if kind != "available" else week))
    w.statuses.append(early_status(SHOP_VM, "eastus2",
                                   "user" if down else "available",
                                   b - 5 * 60 if down else week))
    if step >= 2:
        text = ("<p><strong>Impact Statement:</strong> Starting at %s UTC on "
                "%s, customers using Azure Cache for Redis in East US 2 may "
                "experience connection failures.</p><p><strong>Current "
                "Status:</strong> Engineers are investigating.</p>"
                % (hhmm(b - 6 * 60), day(b - 6 * 60)))
        status = "Resolved" if step >= 3 else "Active"
        w.events.append(make_event(
            "E2R5-9KD", "ServiceIssue", status,
            "Azure Cache for Redis - East US 2 - Connection failures", text,
            "Azure Cache for Redis",
            [{"name": "East US 2", "status": status,
              "updates": [(b, text)]}],
            b - 6 * 60, b, mitigation=b if step >= 3 else None))
        # its mirror among the emerging issues, published at the start
        w.emerging.append({
            "title": "Azure Cache for Redis - East US 2",
            "description": "Connection failures for Azure Cache for Redis "
                           "in East US 2.",
            "trackingId": "E2R5-9KD", "startTime": iso_short(b - 6 * 60),
            "cloud": "Public", "severity": "Error",
            "stage": "Resolve" if step >= 3 else "Active",
            "published": True, "lastModifiedTime": iso_short(b),
            "impacts": [{"id": "azure-cache-for-redis",
                         "name": "Azure Cache for Redis",
                         "regions": [{"id": "us-east-2",
                                      "name": "East US 2"}]}]})
    return w


def world_regional(b, step):
    w = World()
    w.posts = routine_posts(b)
    vm_eus = ("<p>Customers using Virtual Machines in East US may see "
              "allocation failures when creating or starting VMs. Engineers "
              "are investigating.</p>")
    vm_wus = "<p>Virtual Machines in West US have recovered.</p>"
    entra = ("<p>A subset of customers may see sign-in failures in Microsoft "
             "Entra ID. Engineers are investigating.</p>")
    w.events.append(make_event(
        "RM3W-8VJ", "ServiceIssue", "Active",
        "Virtual Machines - East US and West US - Allocation failures",
        vm_eus, "Virtual Machines",
        [{"name": "East US", "status": "Active",
          "updates": [(b - 20 * 60, vm_eus)]},
         {"name": "West US", "status": "Resolved",
          "updates": [(b - 15 * 60, vm_wus), (b - 40 * 60, vm_eus)]}],
        b - 45 * 60, b - 15 * 60))
    w.events.append(make_event(
        "GL0B-4AL", "ServiceIssue", "Active",
        "Microsoft Entra ID - Sign-in failures", entra, "Microsoft Entra ID",
        [], b - 35 * 60, b - 10 * 60, level="Critical", event_level="Error",
        is_hir=True, priority=1))
    w.feed_items.append(feed_item("RM3W-8VJ", "Virtual Machines", "East US",
                                  "Investigating",
                                  vm_eus + "<p>Tracking ID: RM3W-8VJ</p>",
                                  b - 20 * 60))
    w.feed_items.append(feed_item("GL0B-4AL", "Microsoft Entra ID", "Global",
                                  "Investigating",
                                  entra + "<p>Tracking ID: GL0B-4AL</p>",
                                  b - 10 * 60))
    w.posts.insert(0, post(b - 12 * 60, "We're aware of sign-in failures in "
                           "Microsoft Entra ID (GL0B-4AL) and VM allocation "
                           "failures in East US (RM3W-8VJ)."))
    return w


def world_hostile(b, step):
    w = World()
    h = HOSTILE
    title1 = ("Azure Cache for Redis " + h["csi_colour"] + h["osc_title"] +
              " - East US - Investigating")
    desc1 = ("<p>" + h["osc52"] + " " + h["osc8"] + " " + h["c1"] + "</p>"
             "<p>" + h["bidi"] + " " + h["zero_width"] + "</p>"
             "<script>PWNED()</script><p>" + LONG_LINE + "</p>")
    title2 = h["cjk"] + " " + h["emoji"] + " " + h["combining"] + " - Japan East - Investigating"
    desc2 = ("<p>" + h["csi_cursor"] + h["dcs"] + " " + h["cr"] + " " + h["bs"] +
             " &#27;]0;PWNED entity title&#7;</p>")
    title3 = "Storage\u202e - Global - " + h["c1"] + "\n\rLine two &#27;[2JPWNED"
    w.feed_items = [
        {"tracking": "H0ST-1LE", "service": "Azure Cache for Redis",
         "region": "East US", "title": title1, "description": desc1,
         "pub": b - 10 * 60},
        {"tracking": "H0ST-2LE", "service": h["cjk"], "region": "Japan East",
         "title": title2, "description": desc2, "pub": b - 20 * 60},
        {"tracking": "H0ST-3LE", "service": "Storage", "region": "Global",
         "title": title3, "description": "<p>" + h["emoji"] * 50 + "</p>",
         "pub": b - 30 * 60},
    ]
    w.events.append(make_event(
        "H0ST-1LE", "ServiceIssue", "Active", title1, desc1,
        "Azure Cache for Redis" + ESC + "[8m",
        [{"name": "East US" + ESC + "[2K", "status": "Active",
          "updates": [(b - 10 * 60, desc2), (b - 25 * 60, h["osc52"] + LONG_LINE)]}],
        b - 40 * 60, b - 10 * 60))
    w.events.append(make_event(
        "H0ST-2LE", "HealthAdvisory", "Active", title2,
        h["combining"] + h["zero_width"] + h["bidi"] + h["csi_colour"], h["cjk"],
        [{"name": "Japan East", "status": "Active",
          "updates": [(b - 20 * 60, h["emoji"] + h["dcs"])]}],
        b - 60 * 60, b - 20 * 60, mitigation=b + 86400))
    w.events.append(make_event(
        "EV1L-" + ESC + "]0;PWNED" + BEL, "ServiceIssue", "Active",
        h["osc_title"] + h["osc52"], h["csi_cursor"], "Storage",
        [{"name": "Global", "status": "Active",
          "updates": [(b - 5 * 60, h["cr"])]}],
        b - 15 * 60, b - 5 * 60))
    w.impacted["H0ST-1LE"] = [(REDIS_EUS, "eastus")]
    w.unavailable[REDIS_EUS.lower()] = w.events[0]
    w.posts = [
        post(b - 5 * 60, "Investigating " + h["osc_title"] + h["csi_colour"] +
             " H0ST-1LE " + h["bidi"]),
        post(b - 15 * 60, h["osc52"] + h["osc8"] + h["c1"] + " " + h["emoji"]),
        post(b - 25 * 60, h["cjk"] + h["combining"] + h["zero_width"] +
             h["csi_cursor"] + h["cr"] + h["bs"]),
    ]
    return w


BIG_SERVICES = ["Virtual Machines", "Storage", "Azure Cache for Redis",
                "SQL Database", "App Service", "Azure Kubernetes Service",
                "Azure Front Door", "Cosmos DB", "Key Vault", "Event Hubs"]
BIG_REGIONS = ["East US", "East US 2", "West US", "West US 2", "Central US",
               "North Europe", "West Europe", "UK South", "Japan East",
               "Southeast Asia", "Australia East", "Brazil South"]


def big_tracking(i):
    digits = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    s = ""
    n = i
    for _ in range(4):
        s = digits[n % len(digits)] + s
        n //= len(digits)
    return "%s-B%02d" % (s, i % 100)


def world_big(b, step, n_events, n_items):
    w = World()
    w.paged = False
    for i in range(n_items):
        svc = BIG_SERVICES[i % len(BIG_SERVICES)]
        reg = BIG_REGIONS[i % len(BIG_REGIONS)]
        w.feed_items.append(feed_item(
            big_tracking(i), svc, reg,
            "Mitigated" if i % 3 == 0 else "Investigating",
            "<p>Item %d: customers using %s in %s may see errors.</p>"
            "<p>Tracking ID: %s</p>" % (i, svc, reg, big_tracking(i)),
            b - 10 * i))
    for i in range(n_events):
        svc = BIG_SERVICES[i % len(BIG_SERVICES)]
        reg = BIG_REGIONS[(i * 7) % len(BIG_REGIONS)]
        active = i % 3 != 0
        text = "<p>Event %d: %s in %s.</p>" % (i, svc, reg)
        w.events.append(make_event(
            big_tracking(i), "ServiceIssue", "Active" if active else "Resolved",
            "%s - %s - event %d" % (svc, reg, i), text, svc,
            [{"name": reg, "status": "Active" if active else "Resolved",
              "updates": [(b - 10 * i, text)]}],
            b - 10 * i - 3600, b - 10 * i,
            mitigation=None if active else b - 10 * i))
    w.posts = [post(b - 60 * i, "Routine post %d about %s." %
                    (i, BIG_SERVICES[i % len(BIG_SERVICES)])) for i in range(100)]
    return w


CORPUS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "data", "incidents")
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def parse_iso(s):
    return int(datetime.strptime(s[:19], "%Y-%m-%dT%H:%M:%S")
               .replace(tzinfo=timezone.utc).timestamp())


def corpus_load(name):
    if not re.match(r"^[A-Za-z0-9_.-]+\.json$", name or ""):
        return None
    try:
        with open(os.path.join(CORPUS_DIR, name), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def corpus_shift_times(obj, shift):
    """Every ISO time in a payload moved by shift seconds; the .NET
    MinValue sentinel stays as it is."""
    if isinstance(obj, dict):
        return {k: corpus_shift_times(v, shift) for k, v in obj.items()}
    if isinstance(obj, list):
        return [corpus_shift_times(v, shift) for v in obj]
    if isinstance(obj, str) and ISO_RE.match(obj):
        return iso(parse_iso(obj) + shift)
    return obj


@lru_cache(maxsize=16)
def build_corpus_world(name, shift):
    w = World()
    doc = corpus_load(name)
    for rec in (doc or {}).get("incidents", []):
        if "arm_event" in rec:
            w.raw_events.append(corpus_shift_times(rec["arm_event"], shift))
            continue
        chans = rec["channel"] if isinstance(rec["channel"], list) else [rec["channel"]]
        ups = [(parse_iso(t) + shift, text) for t, text in rec.get("updates", [])]
        ups.sort(key=lambda u: -u[0])
        tid = rec.get("tracking_id") or rec.get("key")
        if "status-page" in chans:
            cats = rec.get("categories")
            if cats is None:
                cats = sorted({i[0] for i in rec.get("impacts", []) if i[0]} |
                              set(rec.get("services", [])))
                cats += sorted({i[1] for i in rec.get("impacts", []) if i[1]} |
                               set(rec.get("regions", []))) or ["Global"]
            text = ups[0][1] if ups else rec["title"]
            if rec.get("tracking_id"):
                text += " Tracking ID: %s" % rec["tracking_id"]
            w.feed_items.append({
                "tracking": tid, "service": "", "region": "",
                "categories": cats, "title": rec["title"],
                "description": "<p>%s</p>" % xml_escape(text),
                "pub": ups[0][0] if ups else parse_iso(rec["start"]) + shift})
        if "x" in chans:
            for i, (ts, text) in enumerate(ups):
                w.posts.append(post(ts, text, i))
    return w


@lru_cache(maxsize=16)
def build_world(scenario, step, base, n_events, n_items):
    if scenario == "quiet":
        return world_quiet(base, step)
    if scenario == "redis-eastus":
        return world_redis(base, step)
    if scenario == "broad":
        return world_broad(base, step)
    if scenario == "regional-multi":
        return world_regional(base, step)
    if scenario == "hostile":
        return world_hostile(base, step)
    if scenario == "early-eastus2":
        return world_early(base, step)
    return world_big(base, step, n_events, n_items)


# --------------------------------------------------------------------------
# Rendering: the real shapes

def render_rss(items, base, title="Azure Status"):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss xmlns:a10="http://www.w3.org/2005/Atom" version="2.0">',
           '  <channel xmlns:slash="http://purl.org/rss/1.0/modules/slash/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/">',
           '    <title>%s</title>' % xml_text(title),
           '    <link>https://azure.status.microsoft/en-us/status/</link>',
           '    <description>%s</description>' % xml_text(title),
           '    <language>en-us</language>',
           '    <lastBuildDate>%s</lastBuildDate>' % rss_date(
               max([base] + [it["pub"] for it in items]))]
    for it in sorted(items, key=lambda i: -i["pub"]):
        link = ("https://azure.status.microsoft/en-us/status/history/"
                "?trackingId=" + urllib.parse.quote(it["tracking"], safe="-"))
        out += ['    <item>',
                '      <guid isPermaLink="false">%s</guid>' % xml_text(link),
                '      <link>%s</link>' % xml_text(link)]
        out += ['      <category>%s</category>' % xml_text(c)
                for c in it.get("categories", [it["service"], it["region"]])]
        out += ['      <title>%s</title>' % xml_text(it["title"]),
                '      <description>%s</description>' % xml_text(it["description"]),
                '      <pubDate>%s</pubDate>' % rss_date(it["pub"]),
                '    </item>']
    out += ['  </channel>', '</rss>', '']
    return "\n".join(out).encode("utf-8")


def render_x_rss(posts):
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
           '  <channel>',
           '    <title>@%s</title>' % X_USERNAME,
           '    <link>https://x.com/%s</link>' % X_USERNAME,
           '    <description>Posts by @%s</description>' % X_USERNAME]
    for p in posts:
        link = "https://x.com/%s/status/%s" % (X_USERNAME, p["id"])
        out += ['    <item>',
                '      <title>%s</title>' % xml_text(p["text"]),
                '      <description>%s</description>' % xml_text(p["text"]),
                '      <link>%s</link>' % link,
                '      <guid isPermaLink="true">%s</guid>' % link,
                '      <pubDate>%s</pubDate>' % rss_date_numeric(p["ts"]),
                '      <dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">@%s</dc:creator>' % X_USERNAME,
                '    </item>']
    out += ['  </channel>', '</rss>', '']
    return "\n".join(out).encode("utf-8")


def event_links(tracking):
    return [
        {"type": "Hyperlink",
         "displayText": {"value": "Request RCA", "localizedValue": "Request RCA"},
         "extensionName": "Microsoft_Azure_Health", "bladeName": "RequestRCABlade",
         "parameters": {"trackingId": tracking, "rcaRequested": "False"}},
        {"type": "Button",
         "displayText": {"value": "Sign up for updates",
                         "localizedValue": "Sign up for updates"},
         "extensionName": "Microsoft_Azure_Health",
         "bladeName": "AzureHealthBrowseBlade",
         "parameters": {"trackingId": tracking}},
    ]


def arm_event(spec, sub):
    """One event in the 2025-05-01 Events_ListBySubscriptionId shape."""
    t = spec["tracking"]
    regions = []
    for r in spec["regions"]:
        regions.append({
            "impactedRegion": r["name"],
            "status": r["status"],
            "impactedSubscriptions": [sub],
            "impactedTenants": [],
            "lastUpdateTime": iso(r["updates"][0][0]) if r["updates"] else iso(spec["last_update"]),
            "updates": [{"summary": text, "updateDateTime": iso(ts), "eventTags": []}
                        for ts, text in r["updates"]],
        })
    props = {
        "eventType": spec["type"],
        "eventSource": "ServiceHealth",
        "status": spec["status"],
        "title": spec["title"],
        "summary": spec["summary"],
        "header": "Your service might have been impacted by an Azure service issue",
        "article": {"articleContent": spec["summary"]},
        "links": event_links(t),
        "level": spec["level"],
        "eventLevel": spec["event_level"],
        "isEventSensitive": False,
        "impactStartTime": iso(spec["start"]),
        "impactMitigationTime": (iso(spec["mitigation"]) if spec["mitigation"]
                                 else "0001-01-01T00:00:00"),
        "impact": [{"impactedService": spec["service"],
                    "impactedServiceGuid": SERVICE_GUIDS.get(spec["service"], ""),
                    "impactedRegions": regions}],
        "eventTags": [],
        "recommendedActions": {},
        "faqs": [],
        "isHIR": spec["is_hir"],
        "enableMicrosoftSupport": True,
        "enableChatWithUs": False,
        "priority": spec["priority"],
        "lastUpdateTime": iso(spec["last_update"]),
    }
    if spec["subtype"]:
        props["eventSubType"] = spec["subtype"]
    return {"name": t, "type": "/providers/Microsoft.ResourceHealth/events",
            "id": "/providers/Microsoft.ResourceHealth/events/" + t,
            "properties": props}


def graph_row(spec, sub, unit):
    """One ServiceHealthResources row: PascalCase, numeric times."""
    impact = [{
        "ImpactedService": spec["service"],
        "ImpactedRegions": [{
            "ImpactedRegion": r["name"], "Status": r["status"],
            "ImpactedSubscriptions": [sub], "ImpactedTenants": [],
            "LastUpdateTime": graph_time(r["updates"][0][0] if r["updates"]
                                         else spec["last_update"], unit),
            "Updates": [{"Summary": text, "UpdateDateTime": graph_time(ts, unit)}
                        for ts, text in r["updates"]],
        } for r in spec["regions"]],
    }]
    props = {
        "EventType": spec["type"], "EventSource": "ServiceHealth",
        "Status": spec["status"], "Title": spec["title"],
        "Summary": spec["summary"], "Header": "Your service might have been "
        "impacted by an Azure service issue",
        "TrackingId": spec["tracking"], "Level": spec["level"],
        "EventLevel": spec["event_level"], "Priority": spec["priority"],
        "IsHIR": spec["is_hir"],
        "ImpactStartTime": graph_time(spec["start"], unit),
        "ImpactMitigationTime": graph_time(spec["mitigation"], unit),
        "LastUpdateTime": graph_time(spec["last_update"], unit),
        "Impact": impact,
    }
    if spec["subtype"]:
        props["EventSubType"] = spec["subtype"]
    return {
        "id": "/subscriptions/%s/providers/Microsoft.ResourceHealth/events/%s"
              % (sub, spec["tracking"]),
        "name": spec["tracking"], "type": "microsoft.resourcehealth/events",
        "tenantId": TENANT_ID, "kind": "", "location": "", "resourceGroup": "",
        "subscriptionId": sub, "managedBy": "", "sku": None, "plan": None,
        "properties": props, "tags": None, "identity": None, "zones": None,
        "extendedLocation": None,
    }


# where the base resources are (their availability statuses' location)
RESOURCE_REGIONS = {REDIS_EUS: "eastus", REDIS_WUS: "westus",
                    VM_WEU: "westeurope"}


def availability(resource, spec, base):
    rid = resource + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current"
    if spec is None:
        props = {"availabilityState": "Available",
                 "title": "Available",
                 "summary": "There aren't any known Azure platform problems "
                            "affecting this resource.",
                 "detailedStatus": "",
                 "reasonChronicity": "Persistent",
                 "occuredTime": iso_short(base - 7 * 86400),
                 "reportedTime": iso_short(time.time())}
    else:
        region = spec["regions"][0]["name"] if spec["regions"] else "Global"
        props = {"availabilityState": "Unavailable",
                 "title": "Unavailable",
                 "summary": "We're sorry, your cache is unavailable due to "
                            "an Azure service issue.",
                 "detailedStatus": "We are working to resolve the problem.",
                 "reasonType": "Unplanned", "reasonChronicity": "Transient",
                 "context": "Platform Initiated", "category": "Unplanned",
                 "healthEventType": "Downtime",
                 "healthEventCause": "PlatformInitiated",
                 "healthEventCategory": "Unplanned",
                 "healthEventId": spec["tracking"],
                 "occuredTime": iso_short(spec["start"]),
                 "reportedTime": iso_short(time.time()),
                 "rootCauseAttributionTime": iso_short(spec["start"] + 300),
                 "recommendedActions": [
                     {"action": "Follow the service issue for updates",
                      "actionUrl": "<#ServiceHealth>",
                      "actionUrlText": "Service Health"}],
                 "serviceImpactingEvents": [{
                     "eventStartTime": iso_short(spec["start"]),
                     "eventStatusLastModifiedTime": iso_short(spec["last_update"]),
                     "correlationId": spec["tracking"],
                     "status": {"value": "Active"},
                     "incidentProperties": {"title": spec["title"],
                                            "service": spec["service"],
                                            "region": region,
                                            "incidentType": "Outage"}}]}
    return {"id": rid, "name": "current",
            "type": "Microsoft.ResourceHealth/AvailabilityStatuses",
            "location": RESOURCE_REGIONS.get(resource, "eastus"),
            "properties": props}


def health_graph_rows(statuses):
    """Resource Graph's HealthResources rows for REST-shaped availability
    statuses: a microsoft.resourcehealth/availabilitystatuses row (state
    only: targetResourceType, targetResourceId, occurredTime,
    previousAvailabilityState, availabilityState) and, for a resource that
    is not Available, a microsoft.resourcehealth/resourceannotations row
    saying why (context Platform-Initiated | User-Initiated, category
    Planned | Unplanned | Not Applicable). Field names as documented in
    MicrosoftDocs/azure-compute-docs :
    articles/virtual-machines/resource-graph-availability.md."""
    rows = []
    for st in statuses:
        rid = st["id"].split("/providers/Microsoft.ResourceHealth/")[0]
        sub = rid.split("/")[2]
        rg = rid.split("/")[4]
        rtype = rid.split("/providers/")[1].rsplit("/", 1)[0]
        p = st["properties"]
        occurred = p.get("occuredTime") or p.get("occurredTime")
        state = p.get("availabilityState", "Unknown")
        common = {"tenantId": TENANT_ID, "kind": "", "location": st["location"],
                  "resourceGroup": rg.lower(), "subscriptionId": sub,
                  "managedBy": "", "sku": None, "plan": None, "tags": None,
                  "identity": None, "zones": None, "extendedLocation": None}
        row = dict(common)
        row.update({
            "id": rid + "/providers/Microsoft.ResourceHealth/availabilityStatuses/current",
            "name": "current",
            "type": "microsoft.resourcehealth/availabilitystatuses",
            "properties": {"targetResourceType": rtype,
                           "targetResourceId": rid,
                           "occurredTime": occurred,
                           "previousAvailabilityState":
                               "Available" if state != "Available" else "Unavailable",
                           "availabilityState": state}})
        rows.append(row)
        if state == "Available" or "context" not in p:
            continue
        ctx = p["context"].replace(" Initiated", "-Initiated")
        ann = dict(common)
        ann.update({
            "id": rid + "/providers/Microsoft.ResourceHealth/resourceAnnotations/current",
            "name": "current",
            "type": "microsoft.resourcehealth/resourceannotations",
            "properties": {"targetResourceType": rtype,
                           "targetResourceId": rid,
                           "occurredTime": occurred,
                           "annotationName": {"Planned": "PlannedMaintenance",
                                              "Unplanned": "HostFailure"}.get(
                                                  p.get("category"), "UserInitiatedStop"),
                           "reason": p.get("title", ""),
                           "summary": p.get("summary", ""),
                           "context": ctx,
                           "category": p.get("category", "Not Applicable"),
                           "impactType": "Downtime"}})
        rows.append(ann)
    return rows


def ticket_resource(sub, name, props, created):
    sid = props.get("serviceId", "").rsplit("/", 1)[-1]
    pid = props.get("problemClassificationId", "").rsplit("/", 1)[-1]
    svc_name, class_name = "", ""
    for s_id, s_name, _, classes in SUPPORT_SERVICES:
        if s_id == sid:
            svc_name = s_name
            class_name = dict(classes).get(pid, "")
    body = dict(props)
    digest = int(hashlib.sha1(name.encode()).hexdigest()[:8], 16)
    body.setdefault("supportTicketId", str(2611240010000000 + digest % 100000))
    body.update({
        "serviceDisplayName": svc_name,
        "problemClassificationDisplayName": class_name,
        "serviceLevelAgreement": {"startTime": iso_short(created),
                                  "expirationTime": iso_short(created + 8 * 3600),
                                  "slaMinutes": 480},
        "supportEngineer": {"emailAddress": None},
        "supportPlanType": "Standard", "supportPlanDisplayName": "Standard",
        "status": "Open",
        "createdDate": iso_short(created), "modifiedDate": iso_short(created),
    })
    return {"id": "/subscriptions/%s/providers/Microsoft.Support/supportTickets/%s"
                  % (sub, name),
            "name": name, "type": "Microsoft.Support/supportTickets",
            "properties": body}


def default_alert_rule():
    return {
        "id": "/subscriptions/%s/resourceGroups/rg-monitor/providers/"
              "microsoft.insights/activityLogAlerts/service-health-all" % SUB_A1,
        "type": "Microsoft.Insights/ActivityLogAlerts",
        "name": "service-health-all", "location": "Global", "tags": {},
        "properties": {
            "scopes": ["/subscriptions/" + SUB_A1],
            "condition": {"allOf": [{"field": "category", "equals": "ServiceHealth"}]},
            "actions": {"actionGroups": [{"actionGroupId": ACTION_GROUP_ID,
                                          "webhookProperties": {}}]},
            "enabled": True,
            "description": "Every Service Health event for the subscription"}}


def default_action_group():
    return {
        "id": ACTION_GROUP_ID, "type": "Microsoft.Insights/ActionGroups",
        "name": "ops-team", "location": "Global", "tags": {},
        "properties": {
            "groupShortName": "ops", "enabled": True,
            "emailReceivers": [{"name": "oncall-email",
                                "emailAddress": "oncall@contoso.com",
                                "useCommonAlertSchema": True,
                                "status": "Enabled"}],
            "smsReceivers": [{"name": "oncall-sms", "countryCode": "1",
                              "phoneNumber": "5555550100", "status": "Enabled"}],
            "webhookReceivers": [], "itsmReceivers": [],
            "azureAppPushReceivers": [], "automationRunbookReceivers": [],
            "voiceReceivers": [], "logicAppReceivers": [],
            "azureFunctionReceivers": [], "armRoleReceivers": [],
            "eventHubReceivers": []}}


# --------------------------------------------------------------------------
# Fired Azure Monitor alerts (Microsoft.AlertsManagement/alerts,
# 2019-05-05-preview Alerts_GetAll shape; Resource Graph rows carry the same
# properties) and the resources table Resource Graph answers for regions

REDIS_EUS2 = ("/subscriptions/%s/resourceGroups/rg-cache-eastus2/providers/"
              "Microsoft.Cache/Redis/contoso-cache-eus2" % SUB_A1)
KV_WUS2 = ("/subscriptions/%s/resourceGroups/rg-secrets/providers/"
           "Microsoft.KeyVault/vaults/contoso-kv-wus2" % SUB_A2)
LOADTEST_EUS = ("/subscriptions/%s/resourceGroups/rg-perf/providers/"
                "Microsoft.LoadTestService/loadtests/contoso-lt-eus" % SUB_A1)
RESOURCE_LOCATIONS = {REDIS_EUS: "eastus", REDIS_WUS: "westus",
                      VM_WEU: "westeurope", REDIS_EUS2: "eastus2",
                      KV_WUS2: "westus2", LOADTEST_EUS: "eastus"}
# the Support service the loadtest_alert knob adds to the service list
SUPPORT_LOADTEST = ("7d1e5b3a-2c4f-4a6b-9e8d-0f1a2b3c4d5e", "Azure Load Testing",
                    ["MICROSOFT.LOADTESTSERVICE/LOADTESTS"],
                    [("4d5e6f70-0000-4000-8000-000000000001",
                      "Test runs / Test run fails to start")])


def fired_alert(n, resource, rule, sev, started, signal="Metric"):
    sub = resource.split("/")[2]
    rg = resource.split("/")[4]
    guid = "6a1f%04x-0000-4000-8000-00000000a1e7" % n
    rule_id = ("/subscriptions/%s/resourceGroups/rg-monitor/providers/"
               "microsoft.insights/metricalerts/%s" % (sub, rule))
    return {
        "properties": {"essentials": {
            "severity": "Sev%d" % sev, "signalType": signal,
            "alertState": "New", "monitorCondition": "Fired",
            "monitorService": "Platform", "targetResource": resource,
            "targetResourceName": resource.rsplit("/", 1)[1],
            "targetResourceGroup": rg,
            "targetResourceType": resource.split("/")[-2],
            "sourceCreatedId": guid.replace("6a1f", "5c2e"),
            "smartGroupId": guid.replace("6a1f", "9d3b"),
            "smartGroupingReason": "", "alertRule": rule_id,
            "startDateTime": iso(started),
            "lastModifiedDateTime": iso(started),
            "lastModifiedUserName": "System",
            "actionStatus": {"isSuppressed": False},
            "description": "Alert rule %s fired" % rule}},
        "id": "/subscriptions/%s/providers/Microsoft.AlertsManagement/alerts/%s"
              % (sub, guid),
        "type": "Microsoft.AlertsManagement/alerts", "name": rule}


def fired_alerts_now():
    with STATE.lock:
        scenario, step, b = STATE.scenario, STATE.step, STATE.base
        loadtest = bool(STATE.knobs["loadtest_alert"])
    if scenario != "redis-eastus" or step < 1:
        return []
    return [
        fired_alert(1, REDIS_EUS, "redis-eus-connection-errors", 1, b - 52 * 60),
        fired_alert(2, REDIS_EUS2, "redis-eus2-latency", 2, b - 40 * 60),
        fired_alert(3, KV_WUS2, "kv-throttled-requests", 1, b - 35 * 60),
        fired_alert(4, VM_WEU, "web-01-cpu-high", 3, b - 20 * 60),
    ] + ([fired_alert(5, LOADTEST_EUS, "loadtest-eus-failures", 1, b - 30 * 60)]
         if loadtest else [])


def alerts_denied_error(sub):
    return arm_error(403, "AuthorizationFailed",
                     "The client 'azwatch-reader' with object id "
                     "'4c1f0000-0000-4000-8000-000000000001' does not have "
                     "authorization to perform action "
                     "'Microsoft.AlertsManagement/alerts/read' over scope "
                     "'/subscriptions/%s' or the scope is invalid. If access "
                     "was recently granted, please refresh your credentials."
                     % sub)


# --------------------------------------------------------------------------
# Server state

class Fault:
    def __init__(self, prefix, kind, count, retry_after):
        self.prefix, self.kind = prefix, kind
        self.count, self.retry_after = count, retry_after

    def as_dict(self):
        return {"path": self.prefix, "kind": self.kind, "count": self.count,
                "retry_after": self.retry_after}


class State:
    def __init__(self, scenario):
        self.lock = threading.Lock()
        self.initial_scenario = scenario
        # FAKE_AZURE_BASE (seconds since the epoch) fixes the anchor for
        # byte-stable screens; otherwise the minute the server started
        self.base = int(os.environ.get("FAKE_AZURE_BASE") or time.time()) // 60 * 60
        self.release = threading.Event()
        self.reset(scenario)

    def reset(self, scenario):
        with self.lock:
            self.scenario = scenario
            self.step = 0
            self.corpus = None
            self.corpus_shift = 0
            self.faults = []
            self.requests = []
            self.knobs = dict(KNOB_DEFAULTS)
            self.arm_reads = self.knobs["arm_reads"]
            self.arm_reads_at = time.time()
            self.tenant_reads = 11999
            self.x_left = self.knobs["x_remaining"]
            self.x_reset = int(os.environ.get("FAKE_AZURE_BASE") or time.time()) + 900
            self.graph_window = (0.0, 15)
            self.token_seq = 0
            self.feed_churns = 0
            self.issued = set()
            self.seen = set()
            self.expired = set()
            self.echo_authorization = None
            self.tickets = {}        # (sub, name) -> ticket
            self.alert_rules = {}    # id (lower) -> rule
            self.action_groups = {}  # id (lower) -> group
            self.inflight = getattr(self, "inflight", 0)  # live requests
            self.peak_inflight = self.inflight
            self.release.set()
            self.release = threading.Event()

    def world(self):
        with self.lock:
            if self.scenario == "corpus":
                return build_corpus_world(self.corpus, self.corpus_shift)
            key = (self.scenario, self.step, self.base,
                   int(self.knobs["big_events"]), int(self.knobs["big_items"]))
        return build_world(*key)

    def take_fault(self, path):
        with self.lock:
            for f in reversed(self.faults):
                if path.startswith(f.prefix):
                    if f.count is not None:
                        f.count -= 1
                        if f.count <= 0:
                            self.faults.remove(f)
                    return f
        return None

    def new_token(self, prefix):
        with self.lock:
            self.token_seq += 1
            tok = "%s-%d" % (prefix, self.token_seq)
            self.issued.add(tok)
            return tok

    def token_status(self, token):
        """'ok', 'expired' or 'invalid' for an ARM bearer token."""
        with self.lock:
            if token in self.expired:
                return "expired"
            if token.startswith(("fake-arm-token-", "fake-imds-token-")):
                ok = token in self.issued
            else:
                ok = token.startswith("fake-") and token != X_BEARER
            if ok:
                self.seen.add(token)
            return "ok" if ok else "invalid"


STATE = None    # set in main()


# --------------------------------------------------------------------------
# Responses

class Response:
    def __init__(self, status, body=b"", ctype=JSON_TYPE, headers=None):
        self.status = status
        self.body = body if isinstance(body, bytes) else body.encode("utf-8")
        self.ctype = ctype
        self.headers = list(headers or [])


def jresp(status, obj, headers=None):
    return Response(status, json.dumps(obj, ensure_ascii=False), JSON_TYPE,
                    headers)


def arm_error(status, code, message, headers=None):
    return jresp(status, {"error": {"code": code, "message": message}}, headers)


def x_problem(status, title, detail, ptype):
    return jresp(status, {"title": title, "detail": detail, "type": ptype,
                          "status": status})


CAPTIVE_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Sign in to Wi-Fi</title>"
                b"</head><body><h1>Welcome to Airport Free Wi-Fi</h1><form "
                b"method=\"post\" action=\"/login\"><input type=\"checkbox\" "
                b"name=\"terms\"> I accept the terms<button>Connect</button>"
                b"</form></body></html>\n")


def billion_laughs():
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<!DOCTYPE rss [',
             '  <!ENTITY lol "lol">']
    prev = "lol"
    for i in range(1, 10):
        lines.append('  <!ENTITY lol%d "%s">' % (i, ("&%s;" % prev) * 10))
        prev = "lol%d" % i
    lines += [']>', '<rss version="2.0"><channel><title>Azure Status</title>',
              '<item><title>&lol9;</title><description>&lol9;</description>'
              '</item></channel></rss>', '']
    return "\n".join(lines).encode()


XXE_DOC = (b'<?xml version="1.0" encoding="utf-8"?>\n'
           b'<!DOCTYPE rss [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
           b'<rss version="2.0"><channel><title>Azure Status</title>'
           b'<item><title>&xxe;</title><description>&xxe;</description>'
           b'<pubDate>Tue, 24 Nov 2026 09:40:00 Z</pubDate></item>'
           b'</channel></rss>\n')


def splice_invalid_utf8(body):
    """Invalid UTF-8 inside the first text value of a JSON or XML body."""
    bad = b"\xc3\x28\xff\xfe\xed\xa0\x80"
    for marker in (b'"title": "', b'"text": "', b'"displayName": "',
                   b'"access_token": "', b"<title>", b'": "'):
        i = body.find(marker)
        if i >= 0:
            i += len(marker)
            return body[:i] + bad + body[i:]
    return bad + body


# --------------------------------------------------------------------------
# The request handler

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-azure/1.0"
    # Headers and body go out in two writes: without TCP_NODELAY the body
    # waits for the client's delayed ACK (40 ms per keep-alive request).
    disable_nagle_algorithm = True
    log_file = None

    # -- plumbing -------------------------------------------------------

    def log_message(self, fmt, *args):
        if Handler.log_file:
            with open(Handler.log_file, "a", encoding="utf-8") as f:
                f.write("%s %s\n" % (time.strftime("%H:%M:%S"), fmt % args))

    def finish(self):
        try:
            super().finish()
        except (OSError, ValueError):
            pass

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def dispatch(self, method):
        url = urllib.parse.urlsplit(self.path)
        self.method = method
        self.req_path = url.path
        self.raw_query = url.query
        self.query = {k: v[0] for k, v in
                      urllib.parse.parse_qs(url.query, keep_blank_values=True).items()}
        self.body = self.read_body()
        self.entry = None
        if not url.path.startswith("/_ctl/") or url.path == "/_ctl/echo":
            hdrs = {}
            for k, v in self.headers.items():
                k = k.lower()
                hdrs[k] = hdrs[k] + ", " + v if k in hdrs else v
            self.entry = {"method": method, "path": url.path,
                          "query": self.query, "raw_query": url.query,
                          "headers": hdrs,
                          "body": self.body.decode("utf-8", "replace"),
                          "status": None, "time": iso_short(time.time()),
                          "at": round(time.monotonic(), 4)}
            with STATE.lock:
                STATE.requests.append(self.entry)
        if url.path.startswith("/_ctl/"):
            self.send(self.control(url.path[len("/_ctl/"):]))
            return
        with STATE.lock:
            STATE.inflight += 1
            STATE.peak_inflight = max(STATE.peak_inflight, STATE.inflight)
            latency = int(STATE.knobs["latency_ms"])
            latency_path = STATE.knobs["latency_path"]
        try:
            if latency > 0 and url.path.startswith(latency_path):
                time.sleep(latency / 1000.0)
            self.answer(url)
        finally:
            with STATE.lock:
                STATE.inflight -= 1

    def answer(self, url):
        fault = STATE.take_fault(url.path)
        if fault and fault.kind == "hang":
            STATE.release.wait(HANG_SECONDS)
            fault = None
        if fault and fault.kind == "close":
            self.note_status(0)
            self.close_connection = True
            return
        resp = self.route()
        if fault:
            self.deliver_fault(fault, resp)
        else:
            self.send(resp)

    def note_status(self, status):
        if self.entry is not None:
            self.entry["status"] = status

    def write_head(self, resp, length=None):
        self.note_status(resp.status)
        self.send_response(resp.status)
        if resp.status != 304:
            self.send_header("Content-Type", resp.ctype)
            self.send_header("Content-Length",
                             str(len(resp.body) if length is None else length))
        for k, v in resp.headers:
            self.send_header(k, v)
        self.end_headers()

    def send(self, resp):
        try:
            self.write_head(resp)
            if resp.status != 304:
                self.wfile.write(resp.body)
        except OSError:
            self.close_connection = True

    def base_url(self):
        return "http://" + (self.headers.get("Host") or
                            "127.0.0.1:%d" % self.server.server_address[1])

    # -- faults ---------------------------------------------------------

    def deliver_fault(self, f, resp):
        k = f.kind
        is_feed = self.req_path.startswith(("/en-us/status", "/status", "/x/"))
        # ARM's quota headers stay on injected answers, as on real ones.
        keep = [(h, v) for h, v in resp.headers if h.lower().startswith("x-ms-")]

        def send(r):
            r.headers += keep
            self.send(r)

        try:
            if k in ("500", "502", "503", "403"):
                status = int(k)
                codes = {500: "InternalServerError", 502: "BadGateway",
                         503: "ServiceUnavailable", 403: "AuthorizationFailed"}
                if is_feed:
                    send(Response(status, b"<html><body><h1>%d</h1></body></html>\n"
                                  % status, HTML_TYPE))
                else:
                    send(arm_error(status, codes[status],
                                   "Injected %d from the fake." % status))
            elif k == "hostile-error":
                send(arm_error(400, "Bad" + HOSTILE["osc_title"],
                               "Denied " + HOSTILE["csi_cursor"] +
                               HOSTILE["osc52"] + HOSTILE["c1"]))
            elif k == "hostile-list":
                bad = "0000" + HOSTILE["osc_title"] + HOSTILE["csi_cursor"]
                send(jresp(200, {"value": [{
                    "id": "/subscriptions/" + bad, "subscriptionId": bad,
                    "displayName": "Prod " + HOSTILE["osc52"],
                    "tenantId": TENANT_ID, "state": "Enabled"}]}))
            elif k == "echo-secret":
                said = "Bad request: Authorization '%s', body '%s'" % (
                    self.headers.get("Authorization") or "",
                    self.body.decode("utf-8", "replace"))
                if self.req_path.startswith("/2/"):
                    send(jresp(400, {"title": "Invalid Request",
                                     "detail": said}))
                else:
                    send(arm_error(400, "InvalidAuthenticationToken", said))
            elif k == "echo-secret-event":
                # a 200 whose incident text quotes the credential
                said = self.headers.get("Authorization") or ""
                now = time.time()
                ev = make_event(
                    "ECH0-SEC", "ServiceIssue", "Active",
                    "Echo - Virtual Machines - %s" % said,
                    "Our request carried '%s'." % said, "Virtual Machines",
                    [{"name": "West Europe", "status": "Active",
                      "updates": [(now - 60, "Update quoting %s" % said)]}],
                    now - 600, now - 60)
                send(jresp(200, {"value": [arm_event(ev, SUB_A1)]}))
            elif k == "401":
                send(arm_error(
                    401, "ExpiredAuthenticationToken",
                    "The access token expiry UTC time '%s' is earlier than "
                    "current UTC time '%s'." % (iso_short(time.time() - 60),
                                                iso_short(time.time())),
                    [("WWW-Authenticate", 'Bearer authorization_uri='
                      '"https://login.windows.net/%s", error="invalid_token", '
                      'error_description="The access token has expired."' % TENANT_ID)]))
            elif k in ("429", "429-noretry"):
                hdrs = [("Retry-After", str(f.retry_after))] if k == "429" else []
                if self.req_path.startswith("/2/"):
                    r = jresp(429, {"errors": [{"code": 88, "message": "Rate limit exceeded"}]}, hdrs)
                else:
                    r = arm_error(429, "TooManyRequests", "The request is being "
                                  "throttled.", hdrs)
                send(r)
            elif k == "trickle":
                self.write_head(resp)
                for i in range(len(resp.body)):
                    self.wfile.write(resp.body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(1)
            elif k in ("reset", "truncated"):
                self.write_head(resp)
                self.wfile.write(resp.body[:len(resp.body) // 2])
                self.wfile.flush()
                if k == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    os.close(self.connection.detach())
                self.close_connection = True
            elif k == "garbage":
                send(Response(200, os.urandom(4096), resp.ctype))
            elif k == "invalid-utf8":
                send(Response(200, splice_invalid_utf8(resp.body), resp.ctype))
            elif k == "wrong-title":
                send(Response(200, render_rss([], STATE.base, "Sign in to Wi-Fi"),
                              RSS_TYPE))
            elif k == "html":
                send(Response(200, CAPTIVE_PAGE, HTML_TYPE))
            elif k == "oversized":
                self.write_head(Response(200, b"", resp.ctype), OVERSIZED_BYTES)
                chunk = b"A" * 65536
                for _ in range(OVERSIZED_BYTES // len(chunk)):
                    self.wfile.write(chunk)
            elif k == "deep-json":
                send(Response(200, b"[" * DEEP_JSON_DEPTH + b"]" * DEEP_JSON_DEPTH))
            elif k == "billion-laughs":
                send(Response(200, billion_laughs(), RSS_TYPE))
            elif k == "xxe":
                send(Response(200, XXE_DOC, RSS_TYPE))
            elif k == "foreign-nextlink":
                try:
                    obj = json.loads(resp.body)
                except ValueError:
                    obj = None
                if not isinstance(obj, dict) or "value" not in obj:
                    obj = {"value": []}
                with STATE.lock:
                    base = STATE.knobs["foreign_nextlink"]
                obj["nextLink"] = base + self.path
                send(jresp(200, obj))
            elif k == "self-nextlink":
                try:
                    obj = json.loads(resp.body)
                except ValueError:
                    obj = None
                if not isinstance(obj, dict) or "value" not in obj:
                    obj = {"value": []}
                obj["nextLink"] = self.base_url() + self.path
                send(jresp(200, obj))
            elif k == "redirect-foreign":
                loc = "http://localhost:%d/_ctl/echo" % self.server.server_address[1]
                send(Response(302, b"", HTML_TYPE, [("Location", loc)]))
            elif k == "redirect-http":
                send(Response(302, b"", HTML_TYPE,
                              [("Location", "http://example.com/feed")]))
            elif k == "wrong-content-type":
                send(Response(200, resp.body, "image/png"))
            elif k == "empty":
                send(Response(200, b"", resp.ctype))
            else:
                self.send(resp)
        except OSError:
            self.close_connection = True

    # -- control API ----------------------------------------------------

    def control(self, name):
        q = self.query
        if name == "state":
            with STATE.lock:
                return jresp(200, {
                    "scenario": STATE.scenario, "step": STATE.step,
                    "faults": [f.as_dict() for f in STATE.faults],
                    "knobs": dict(STATE.knobs),
                    "tokens_issued": len(STATE.issued),
                    "feed_churns": STATE.feed_churns,
                    "inflight": STATE.inflight,
                    "peak_inflight": STATE.peak_inflight,
                    "echo_authorization": STATE.echo_authorization})
        if name == "scenario":
            sc = q.get("name", "")
            if sc not in SCENARIOS:
                return jresp(400, {"error": "unknown scenario %r" % sc,
                                   "scenarios": list(SCENARIOS)})
            with STATE.lock:
                STATE.scenario, STATE.step = sc, 0
            return self.control("state")
        if name == "corpus":
            doc = corpus_load(q.get("file", ""))
            if doc is None:
                return jresp(400, {"error": "no corpus file %r" % q.get("file", "")})
            try:
                now = parse_iso(q.get("now") or doc["now"])
            except (KeyError, ValueError):
                return jresp(400, {"error": "now must be YYYY-MM-DDTHH:MM:SSZ"})
            with STATE.lock:
                STATE.scenario, STATE.step = "corpus", 0
                STATE.corpus = q["file"]
                STATE.corpus_shift = STATE.base - now
                shift = STATE.corpus_shift
            return jresp(200, {"file": q["file"], "now": iso(now), "shift": shift})
        if name == "step":
            try:
                n = int(q.get("n", ""))
            except ValueError:
                return jresp(400, {"error": "step needs n=INTEGER"})
            with STATE.lock:
                STATE.step = max(0, min(n, LAST_STEP))
            return self.control("state")
        if name == "next":
            with STATE.lock:
                STATE.step = min(STATE.step + 1, LAST_STEP)
            return self.control("state")
        if name == "fault":
            kind = q.get("kind", "")
            if kind not in FAULT_KINDS or not q.get("path", "").startswith("/"):
                return jresp(400, {"error": "fault needs path=/PREFIX and a kind",
                                   "kinds": list(FAULT_KINDS)})
            try:
                count = int(q["count"]) if q.get("count") else None
                retry = int(q.get("retry_after") or 2)
            except ValueError:
                return jresp(400, {"error": "count and retry_after are integers"})
            with STATE.lock:
                STATE.faults.append(Fault(q["path"], kind, count, retry))
            return self.control("state")
        if name == "clear":
            with STATE.lock:
                STATE.faults = []
                STATE.release.set()
                STATE.release = threading.Event()
            return self.control("state")
        if name == "requests":
            prefix = q.get("path", "")
            with STATE.lock:
                log = [r for r in STATE.requests if r["path"].startswith(prefix)]
                if q.get("clear") == "1":
                    STATE.requests = []
            return jresp(200, log)
        if name == "echo":
            got = "authorization" in self.entry["headers"]
            with STATE.lock:
                STATE.echo_authorization = bool(STATE.echo_authorization) or got
            return jresp(200, {"authorization": got})
        if name == "expire-tokens":
            with STATE.lock:
                STATE.expired |= STATE.issued | STATE.seen
                n = len(STATE.expired)
            return jresp(200, {"expired": n})
        if name == "set":
            key, value = q.get("key", ""), q.get("value", "")
            if key == "peak_inflight":
                with STATE.lock:
                    STATE.peak_inflight = STATE.inflight
                return self.control("state")
            if key not in KNOB_DEFAULTS:
                return jresp(400, {"error": "unknown knob %r" % key,
                                   "knobs": list(KNOB_DEFAULTS)})
            if isinstance(KNOB_DEFAULTS[key], int):
                try:
                    value = int(value)
                except ValueError:
                    return jresp(400, {"error": "%s needs an integer" % key})
            elif key == "graph_times" and value not in ("ticks", "ms", "s"):
                return jresp(400, {"error": "graph_times is ticks, ms or s"})
            with STATE.lock:
                STATE.knobs[key] = value
                if key == "arm_reads":
                    STATE.arm_reads = value
                    STATE.arm_reads_at = time.time()
                if key == "x_remaining":
                    STATE.x_left = value
                if key == "x_reset_in":
                    STATE.x_reset = int(time.time()) + value
                if key == "graph_quota":
                    STATE.graph_window = (time.time(), value)
            return self.control("state")
        if name == "reset":
            STATE.reset(STATE.initial_scenario)
            return self.control("state")
        return jresp(404, {"error": "unknown control %r" % name})

    # -- routing --------------------------------------------------------

    def route(self):
        p, m = self.req_path, self.method
        if p.rstrip("/") in ("/en-us/status/feed", "/status/feed") and m == "GET":
            if int(STATE.knobs["feed_churn"]) > 0:
                return self.cached_feed(render_churn_feed())
            w = STATE.world()
            return self.cached_feed(render_feed_cached(w))
        if p.rstrip("/") == "/x/feed" and m == "GET":
            return self.cached_feed(render_x_rss(STATE.world().posts))
        if re.match(r"^/[^/]+/oauth2/v2\.0/token/?$", p) and m == "POST":
            return self.login_token()
        if p.rstrip("/") == "/metadata/identity/oauth2/token" and m == "GET":
            return self.imds_token()
        if p.startswith("/2/"):
            return self.x_api()
        if p.startswith(("/subscriptions", "/providers/")):
            return self.arm()
        return jresp(404, {"error": {"code": "NotFound",
                                     "message": "No route for %s %s" % (m, p)}})

    def cached_feed(self, body):
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:20]
        hdrs = [("ETag", etag), ("Cache-Control", "public, max-age=60"),
                ("Vary", "Accept-Encoding")]
        inm = self.headers.get("If-None-Match", "")
        if inm and (inm.strip() == "*" or etag in [t.strip() for t in inm.split(",")]):
            return Response(304, b"", RSS_TYPE, hdrs)
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, mtime=0)
            hdrs.append(("Content-Encoding", "gzip"))
        return Response(200, body, RSS_TYPE, hdrs)

    # -- login and IMDS -------------------------------------------------

    def login_token(self):
        form = {k: v[0] for k, v in urllib.parse.parse_qs(
            self.body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        now = time.time()

        def aad_error(status, error, code, text):
            trace = "5b9e2e32-0000-4000-8000-%012d" % int(now)
            return jresp(status, {
                "error": error,
                "error_description": "AADSTS%d: %s\r\nTrace ID: %s\r\n"
                                     "Correlation ID: %s\r\nTimestamp: %s" % (
                                         code, text, trace, trace,
                                         time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(now))),
                "error_codes": [code],
                "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime(now)),
                "trace_id": trace, "correlation_id": trace})

        if form.get("grant_type") != "client_credentials":
            return aad_error(400, "unsupported_grant_type", 70003,
                             "The app requested an unsupported grant type.")
        for field in ("client_id", "scope"):
            if not form.get(field):
                return aad_error(400, "invalid_request", 900144,
                                 "The request body must contain the following "
                                 "parameter: '%s'." % field)
        if not form["scope"].endswith("/.default"):
            return aad_error(400, "invalid_scope", 70011,
                             "The provided value for the input parameter "
                             "'scope' is not valid. The scope %s is not valid."
                             % form["scope"])
        if form.get("client_secret") != CLIENT_SECRET:
            return aad_error(401, "invalid_client", 7000215,
                             "Invalid client secret provided. Ensure the "
                             "secret being sent in the request is the client "
                             "secret value, not the client secret ID, for a "
                             "secret added to app '%s'." % form["client_id"])
        with STATE.lock:
            expires = int(STATE.knobs["token_expires_in"])
        return jresp(200, {"token_type": "Bearer", "expires_in": expires,
                           "ext_expires_in": expires,
                           "access_token": STATE.new_token("fake-arm-token")})

    def imds_token(self):
        if self.headers.get("Metadata") != "true":
            return jresp(400, {"error": "bad_request_102",
                               "error_description": "Required metadata header not specified"})
        if not self.query.get("resource"):
            return jresp(400, {"error": "invalid_request",
                               "error_description": "Required audience parameter not specified"})
        now = int(time.time())
        with STATE.lock:
            expires = int(STATE.knobs["token_expires_in"])
        return jresp(200, {"access_token": STATE.new_token("fake-imds-token"),
                           "refresh_token": "", "expires_in": str(expires),
                           "expires_on": str(now + expires),
                           "not_before": str(now - 300),
                           "resource": self.query["resource"],
                           "token_type": "Bearer"})

    # -- X --------------------------------------------------------------

    def x_api(self):
        if self.headers.get("Authorization") != "Bearer " + X_BEARER:
            return jresp(401, {"title": "Unauthorized", "type": "about:blank",
                               "status": 401, "detail": "Unauthorized"})
        with STATE.lock:
            limit = 900
            if STATE.x_left <= 0:
                left = -1
            else:
                STATE.x_left -= 1
                left = STATE.x_left
            reset = STATE.x_reset
        hdrs = [("x-rate-limit-limit", str(limit)),
                ("x-rate-limit-remaining", str(max(left, 0))),
                ("x-rate-limit-reset", str(reset))]
        if left < 0:
            return jresp(429, {"errors": [{"code": 88, "message": "Rate limit exceeded"}]}, hdrs)
        r = self.x_route()
        r.headers += hdrs
        return r

    def x_route(self):
        m = re.match(r"^/2/users/by/username/([^/]*)$", self.req_path)
        if m:
            name = urllib.parse.unquote(m.group(1))
            if not re.match(r"^[A-Za-z0-9_]{1,15}$", name):
                return jresp(400, {
                    "errors": [{"parameters": {"username": [name]},
                                "message": "The `username` query parameter value [%s] "
                                           "does not match ^[A-Za-z0-9_]{1,15}$" % name}],
                    "title": "Invalid Request",
                    "detail": "One or more parameters to your request was invalid.",
                    "type": "https://api.twitter.com/2/problems/invalid-request"})
            if name.lower() != X_USERNAME.lower():
                return jresp(200, {"errors": [{
                    "value": name,
                    "detail": "Could not find user with username: [%s]." % name,
                    "title": "Not Found Error", "resource_type": "user",
                    "parameter": "username", "resource_id": name,
                    "type": "https://api.twitter.com/2/problems/resource-not-found"}]})
            return jresp(200, {"data": {"id": X_USER_ID, "name": "Azure Support",
                                        "username": X_USERNAME}})
        m = re.match(r"^/2/users/([^/]+)/tweets$", self.req_path)
        if m:
            return self.x_tweets(m.group(1))
        return x_problem(404, "Not Found Error", "No such endpoint.",
                         "https://api.x.com/2/problems/resource-not-found")

    def x_tweets(self, uid):
        if uid != X_USER_ID:
            return jresp(200, {"errors": [{
                "value": uid, "detail": "Could not find user with id: [%s]." % uid,
                "title": "Not Found Error", "resource_type": "user",
                "parameter": "id", "resource_id": uid,
                "type": "https://api.twitter.com/2/problems/resource-not-found"}]})
        q = self.query
        try:
            max_results = int(q.get("max_results") or 10)
            since = int(q.get("since_id") or 0)
            until = int(q["until_id"]) if q.get("until_id") else None
            offset = int(q.get("pagination_token", "p0")[1:] or 0)
        except ValueError:
            return x_problem(400, "Invalid Request", "One or more parameters "
                             "to your request was invalid.",
                             "https://api.twitter.com/2/problems/invalid-request")
        if not 5 <= max_results <= 100:
            return x_problem(400, "Invalid Request", "The `max_results` query "
                             "parameter value [%d] is not between 5 and 100"
                             % max_results,
                             "https://api.twitter.com/2/problems/invalid-request")
        fields = q.get("tweet.fields", "").split(",")
        posts = [p for p in STATE.world().posts if int(p["id"]) > since and
                 (until is None or int(p["id"]) < until)]
        page = posts[offset:offset + max_results]
        if not page:
            return jresp(200, {"meta": {"result_count": 0}})
        data = []
        for p in page:
            d = {"id": p["id"], "edit_history_tweet_ids": [p["id"]], "text": p["text"]}
            if "created_at" in fields:
                d["created_at"] = x_date(p["ts"])
            data.append(d)
        meta = {"newest_id": page[0]["id"], "oldest_id": page[-1]["id"],
                "result_count": len(page)}
        if offset + max_results < len(posts):
            meta["next_token"] = "p%d" % (offset + max_results)
        return jresp(200, {"data": data, "meta": meta})

    # -- ARM ------------------------------------------------------------

    ARM_ROUTES = [
        ("GET", r"/subscriptions", "subscriptions"),
        ("GET", r"/subscriptions/(?P<sub>[^/]+)/providers/Microsoft\.ResourceHealth/events", "events"),
        ("GET", r"/providers/Microsoft\.ResourceHealth/events", "events"),
        ("GET", r"/subscriptions/(?P<sub>[^/]+)/providers/Microsoft\.ResourceHealth/events/"
                r"(?P<tid>[^/]+)/impactedResources", "impacted"),
        ("GET", r"/subscriptions/(?P<sub>[^/]+)/providers/Microsoft\.ResourceHealth/events/"
                r"(?P<tid>[^/]+)", "event_one"),
        ("GET", r"/subscriptions/(?P<sub>[^/]+)/providers/Microsoft\.ResourceHealth/"
                r"availabilityStatuses", "availability_list"),
        ("GET", r"(?P<res>/subscriptions/.+)/providers/Microsoft\.ResourceHealth/"
                r"availabilityStatuses/current", "availability"),
        ("GET", r"/providers/Microsoft\.ResourceHealth/emergingIssues(/default)?", "emerging"),
        ("POST", r"/providers/Microsoft\.ResourceGraph/resources", "graph"),
        ("GET", r"/subscriptions/(?P<sub>[^/]+)/providers/Microsoft\.Support/supportTickets", "tickets"),
        ("GET", r"/subscriptions/(?P<sub>[^/]+)/providers/Microsoft\.Support/supportTickets/"
                r"(?P<name>[^/]+)", "ticket_get"),
        ("PUT", r"/subscriptions/(?P<sub>[^/]+)/providers/Microsoft\.Support/supportTickets/"
                r"(?P<name>[^/]+)", "ticket_put"),
        ("GET", r"/providers/Microsoft\.Support/services", "services"),
        ("GET", r"/providers/Microsoft\.Support/services/(?P<name>[^/]+)/problemClassifications",
         "classifications"),
        ("POST", r"(/subscriptions/(?P<sub>[^/]+))?/providers/Microsoft\.Support/"
                 r"checkNameAvailability", "check_name"),
        ("GET", r"/subscriptions/(?P<sub>[^/]+)/providers/microsoft\.insights/activityLogAlerts",
         "alerts"),
        ("GET", r"/subscriptions/(?P<sub>[^/]+)/providers/Microsoft\.AlertsManagement/alerts",
         "fired"),
        ("PUT", r"/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/"
                r"microsoft\.insights/activityLogAlerts/(?P<name>[^/]+)", "alert_put"),
        ("GET", r"/subscriptions/(?P<sub>[^/]+)/providers/microsoft\.insights/actionGroups",
         "groups"),
        ("GET", r"/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/"
                r"microsoft\.insights/actionGroups/(?P<name>[^/]+)", "group_get"),
        ("PUT", r"/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/"
                r"microsoft\.insights/actionGroups/(?P<name>[^/]+)", "group_put"),
    ]

    def arm(self):
        with STATE.lock:
            now = time.time()
            refill = int(STATE.knobs["arm_refill"])
            if refill > 0:
                STATE.arm_reads = min(float(STATE.knobs["arm_reads"]),
                                      STATE.arm_reads + (now - STATE.arm_reads_at) * refill)
            STATE.arm_reads_at = now
            empty = STATE.arm_reads < 1
            if not empty:
                STATE.arm_reads -= 1
            reads = int(STATE.arm_reads)
        hdrs = [("x-ms-ratelimit-remaining-subscription-reads", str(reads)),
                ("x-ms-request-id", "%08x-0000-4000-8000-000000000000" % (reads & 0xffffffff)),
                ("Cache-Control", "no-cache")]
        if empty:
            # the bucket is empty: ARM throttles until a read is back
            wait = -(-1 // refill) if refill > 0 else 60
            r = arm_error(429, "SubscriptionRequestsThrottled",
                          "Number of read requests for subscription exceeded "
                          "the limit. Please try again after '%d' seconds." % wait,
                          [("Retry-After", str(wait))])
            r.headers += hdrs
            return r
        r = self.arm_inner()
        r.headers += hdrs
        return r

    def arm_inner(self):
        auth = self.headers.get("Authorization", "")
        challenge = [("WWW-Authenticate", 'Bearer authorization_uri='
                      '"https://login.windows.net/%s", error="invalid_token"' % TENANT_ID)]
        if not auth:
            return arm_error(401, "AuthenticationFailed", "Authentication "
                             "failed. The 'Authorization' header is missing.", challenge)
        if not auth.startswith("Bearer "):
            return arm_error(401, "AuthenticationFailed", "Authentication "
                             "failed. The 'Authorization' header is provided "
                             "in an invalid format.", challenge)
        status = STATE.token_status(auth[len("Bearer "):].strip())
        if status == "expired":
            return arm_error(401, "ExpiredAuthenticationToken",
                             "The access token expiry UTC time '%s' is earlier "
                             "than current UTC time '%s'." % (
                                 iso_short(time.time() - 60), iso_short(time.time())),
                             challenge)
        if status != "ok":
            return arm_error(401, "InvalidAuthenticationToken",
                             "The access token is invalid.", challenge)
        if not self.query.get("api-version"):
            return arm_error(400, "MissingApiVersionParameter",
                             "The api-version query parameter (?api-version=) "
                             "is required for all requests.")
        path = self.req_path.rstrip("/")
        for method, pattern, name in self.ARM_ROUTES:
            m = re.fullmatch(pattern, path, re.IGNORECASE)
            if m and method == self.method:
                args = {k: v for k, v in m.groupdict().items() if v is not None}
                sub = args.get("sub")
                # any id in the fake's own range is known (benchmarks
                # configure hundreds of subscriptions)
                if sub and sub not in SUBSCRIPTIONS and not sub.startswith(
                        "00000000-0000-0000-0000-"):
                    return arm_error(404, "SubscriptionNotFound",
                                     "The subscription '%s' could not be found." % sub)
                return getattr(self, "arm_" + name)(**args)
        return arm_error(404, "InvalidResourceType", "The resource type could "
                         "not be found for api version '%s'." % self.query["api-version"])

    def json_body(self):
        try:
            obj = json.loads(self.body.decode("utf-8"))
            return obj if isinstance(obj, dict) else None
        except ValueError:
            return None

    def arm_subscriptions(self):
        value = [{"id": "/subscriptions/" + s, "authorizationSource": "RoleBased",
                  "managedByTenants": [], "subscriptionId": s, "tenantId": TENANT_ID,
                  "displayName": name, "state": "Enabled",
                  "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01",
                                           "quotaId": "PayAsYouGo_2014-09-01",
                                           "spendingLimit": "Off"}}
                 for s, name in SUBSCRIPTIONS.items()]
        with STATE.lock:
            STATE.tenant_reads -= 1
            reads = STATE.tenant_reads
        return jresp(200, {"value": value, "count": {"type": "Total", "value": len(value)}},
                     [("x-ms-ratelimit-remaining-tenant-reads", str(reads))])

    def events_for(self, sub):
        w = STATE.world()
        specs = w.events if sub is None else [e for e in w.events if sub in e["subs"]]
        return w, [arm_event(e, sub or e["subs"][0]) for e in specs] + list(w.raw_events)

    def arm_events(self, sub=None):
        w = STATE.world()
        if w.events_error:
            return arm_error(*w.events_error)
        if not w.paged:
            return Response(200, big_events_body(w, sub, self.events_for))
        w, events = self.events_for(sub)
        with STATE.lock:
            pages = max(1, int(STATE.knobs["events_pages"]))
        try:
            page = int(self.query.get("$skipToken") or 0)
        except ValueError:
            return arm_error(400, "InvalidSkipToken", "The $skipToken is not valid.")
        per = -(-len(events) // pages) if events else 0
        body = {"value": events[page * per:(page + 1) * per]}
        if page + 1 < pages:
            q = [(k, v) for k, v in urllib.parse.parse_qsl(self.raw_query, keep_blank_values=True)
                 if k != "$skipToken"] + [("$skipToken", str(page + 1))]
            body["nextLink"] = "%s%s?%s" % (self.base_url(), self.req_path,
                                            urllib.parse.urlencode(q, safe="$/:"))
        return jresp(200, body)

    def arm_event_one(self, sub, tid):
        w, events = self.events_for(sub)
        if w.events_error:
            return arm_error(*w.events_error)
        for e in events:
            if e["name"] == tid:
                return jresp(200, e)
        return arm_error(404, "NotFound", "Event %s was not found." % tid)

    def arm_impacted(self, sub, tid):
        w = STATE.world()
        if w.events_error:
            return arm_error(*w.events_error)
        rows = []
        for imp in w.impacted.get(tid, []):
            rid, region = imp[0], imp[1]
            if rid.startswith("/subscriptions/%s/" % sub):
                name = hashlib.sha1(rid.encode()).hexdigest()[:16]
                props = {"targetResourceType": rid.split("/providers/")[1].rsplit("/", 1)[0],
                         "targetResourceId": rid, "targetRegion": region}
                if len(imp) > 2:
                    # the grade rides in info[], the row's only free-form
                    # part (EventImpactedResourceProperties: targetRegion,
                    # targetResourceId, targetResourceType, info[])
                    props["info"] = [{"key": "ImpactType", "value": imp[2]}]
                rows.append({
                    "id": "/subscriptions/%s/providers/Microsoft.ResourceHealth/events/%s/"
                          "impactedResources/%s" % (sub, tid, name),
                    "name": name,
                    "type": "Microsoft.ResourceHealth/events/impactedResources",
                    "properties": props})
        return jresp(200, {"value": rows})

    def arm_availability(self, res):
        w = STATE.world()
        return jresp(200, availability(res, w.unavailable.get(res.lower()), STATE.base))

    def availability_statuses(self):
        """Every resource's current status, REST-shaped."""
        w = STATE.world()
        return ([availability(r, w.unavailable.get(r.lower()), STATE.base)
                 for r in (REDIS_EUS, REDIS_WUS, VM_WEU)] + list(w.statuses))

    def arm_availability_list(self, sub):
        value = [s for s in self.availability_statuses()
                 if s["id"].startswith("/subscriptions/%s/" % sub)]
        return jresp(200, {"value": value})

    def arm_emerging(self):
        w = STATE.world()
        return jresp(200, {"value": [{
            "name": "default", "type": "/providers/Microsoft.ResourceHealth/emergingissues",
            "id": "/providers/Microsoft.ResourceHealth/emergingissues/default",
            "properties": {"refreshTimestamp": iso_short(time.time()),
                           "statusActiveEvents": w.emerging,
                           "statusBanners": w.banners}}]})

    def arm_graph(self):
        req = self.json_body()
        if req is None or not isinstance(req.get("query"), str):
            return arm_error(400, "BadRequest", "The request body must be a "
                             "JSON object with a 'query' string.")
        now = time.time()
        with STATE.lock:
            start, left = STATE.graph_window
            if now - start >= 5:
                start, left = now, int(STATE.knobs["graph_quota"])
            left -= 1
            STATE.graph_window = (start, left)
            unit = STATE.knobs["graph_times"]
        hdrs = [("x-ms-user-quota-remaining", str(max(left, 0))),
                ("x-ms-user-quota-resets-after",
                 "00:00:%02d" % max(0, int(5 - (now - start))))]
        if left < 0:
            return arm_error(429, "RateLimiting", "Please provide below info "
                             "when asking for support: quota exceeded.",
                             hdrs + [("Retry-After", "5")])
        w = STATE.world()
        subs = req.get("subscriptions") or list(SUBSCRIPTIONS)
        alt = self.fired_graph(req, subs, hdrs)
        if alt is not None:
            return alt
        rows = []
        if req["query"].strip().lower().startswith("healthresources"):
            with STATE.lock:
                denied = bool(STATE.knobs["health_graph_denied"])
            if denied:
                return arm_error(403, "AuthorizationFailed",
                                 "The client does not have authorization to "
                                 "perform a query over HealthResources.")
            rows = health_graph_rows(
                [st for st in self.availability_statuses()
                 if st["id"].split("/")[2] in subs])
        elif "servicehealthresources" in req["query"].lower() and not w.events_error:
            for spec in w.events:
                for sub in subs:
                    if sub in spec["subs"]:
                        rows.append(graph_row(spec, sub, unit))
        token = (req.get("options") or {}).get("$skipToken")
        half = (len(rows) + 1) // 2
        if token:
            try:
                page = json.loads(base64.b64decode(token))["page"]
            except (ValueError, KeyError, TypeError):
                return arm_error(400, "InvalidSkipToken", "The $skipToken is not valid.")
        else:
            page = 1
        data = rows[:half] if page == 1 else rows[half:]
        body = {"totalRecords": len(rows), "count": len(data),
                "resultTruncated": "false", "facets": [], "data": data}
        if page == 1 and len(rows) > half:
            body["$skipToken"] = base64.b64encode(json.dumps({"page": 2}).encode()).decode()
        return jresp(200, body, hdrs)

    def all_tickets(self, sub):
        tickets = list(STATE.world().tickets.get(sub, []))
        with STATE.lock:
            tickets += [t for (s, _), t in STATE.tickets.items() if s == sub]
        return tickets

    def arm_tickets(self, sub):
        return jresp(200, {"value": self.all_tickets(sub)})

    def arm_ticket_get(self, sub, name):
        for t in self.all_tickets(sub):
            if t["name"] == name:
                return jresp(200, t)
        return arm_error(404, "SupportTicketNotFound",
                         "Support ticket '%s' was not found." % name)

    def arm_ticket_put(self, sub, name):
        with STATE.lock:
            fail = STATE.knobs["tickets_fail"]
        if fail:
            status = 403 if fail.lower().startswith(("authoriz", "linkedauthoriz")) else 400
            messages = {"NoSupportPlan": "This subscription does not have a "
                        "support plan that allows technical support tickets."}
            return arm_error(status, fail, messages.get(
                fail, "Creating the support ticket failed: %s." % fail))
        req = self.json_body()
        props = req.get("properties") if req else None
        if not isinstance(props, dict):
            return arm_error(400, "InvalidRequestContent",
                             "The request content must have 'properties'.")
        for field in ("serviceId", "title", "description", "problemClassificationId",
                      "severity", "contactDetails", "advancedDiagnosticConsent"):
            if not props.get(field):
                return arm_error(400, "BadRequest", "The property '%s' is required." % field)
        if props["severity"] not in ("minimal", "moderate", "critical",
                                     "highestcriticalimpact"):
            return arm_error(400, "BadRequest", "Invalid severity '%s'." % props["severity"])
        sid = props["serviceId"].rsplit("/", 1)[-1]
        if sid not in [s[0] for s in SUPPORT_SERVICES]:
            return arm_error(400, "InvalidServiceId", "Service '%s' does not exist."
                             % props["serviceId"])
        ticket = ticket_resource(sub, name, props, time.time())
        with STATE.lock:
            existed = (sub, name) in STATE.tickets
            STATE.tickets[(sub, name)] = ticket
        return jresp(200 if existed else 201, ticket)

    def support_services(self):
        with STATE.lock:
            loadtest = bool(STATE.knobs["loadtest_alert"])
        return SUPPORT_SERVICES + ([SUPPORT_LOADTEST] if loadtest else [])

    def arm_services(self):
        with STATE.lock:
            failing = bool(STATE.knobs["support_services_fail"])
        if failing:
            return arm_error(503, "ServiceUnavailable",
                             "The Support service list is unavailable.")
        return jresp(200, {"value": [
            {"id": "/providers/Microsoft.Support/services/" + sid, "name": sid,
             "type": "Microsoft.Support/services",
             "properties": {"displayName": name, "resourceTypes": types}}
            for sid, name, types, _ in self.support_services()]})

    def arm_classifications(self, name):
        for sid, _, _, classes in SUPPORT_SERVICES:
            if sid == name:
                return jresp(200, {"value": [
                    {"id": "/providers/Microsoft.Support/services/%s/"
                           "problemClassifications/%s" % (sid, pid),
                     "name": pid, "type": "Microsoft.Support/problemClassifications",
                     "properties": {"displayName": disp, "secondaryConsentEnabled": []}}
                    for pid, disp in classes]})
        return arm_error(404, "ServiceNotFound", "Service '%s' was not found." % name)

    def arm_check_name(self, sub=None):
        req = self.json_body() or {}
        name = req.get("name")
        if not name or req.get("type") not in ("Microsoft.Support/supportTickets",
                                                "Microsoft.Support/communications"):
            return arm_error(400, "BadRequest", "'name' and a valid 'type' are required.")
        taken = any(t["name"] == name for s in SUBSCRIPTIONS
                    for t in self.all_tickets(s))
        if taken:
            return jresp(200, {"nameAvailable": False, "reason": "Name is already in use",
                               "message": "Name not available"})
        return jresp(200, {"nameAvailable": True})

    def arm_alerts(self, sub):
        value = [default_alert_rule()] if sub == SUB_A1 else []
        with STATE.lock:
            value += [r for r in STATE.alert_rules.values()
                      if r["id"].lower().startswith("/subscriptions/%s/" % sub)]
        return jresp(200, {"value": value})

    def arm_fired(self, sub):
        with STATE.lock:
            denied = bool(STATE.knobs["alerts_denied"])
        if denied:
            return alerts_denied_error(sub)
        cond = self.query.get("monitorCondition")
        value = [a for a in fired_alerts_now()
                 if a["id"].startswith("/subscriptions/%s/" % sub) and
                 (not cond or a["properties"]["essentials"]["monitorCondition"] == cond)]
        try:
            page = int(self.query.get("$skipToken") or 0)
        except ValueError:
            return arm_error(400, "InvalidSkipToken", "The $skipToken is not valid.")
        body = {"value": value[page * 2:page * 2 + 2]}
        if page * 2 + 2 < len(value):
            q = [(k, v) for k, v in urllib.parse.parse_qsl(self.raw_query, keep_blank_values=True)
                 if k != "$skipToken"] + [("$skipToken", str(page + 1))]
            body["nextLink"] = "%s%s?%s" % (self.base_url(), self.req_path,
                                            urllib.parse.urlencode(q, safe="$/:"))
        return jresp(200, body)

    def fired_graph(self, req, subs, hdrs):
        """alertsmanagementresources and resources queries; None: neither."""
        q = req["query"].strip().lower()
        if q.startswith("alertsmanagementresources"):
            with STATE.lock:
                denied = bool(STATE.knobs["alerts_denied"])
            if denied:
                return alerts_denied_error(subs[0] if subs else SUB_A1)
            rows = []
            for a in fired_alerts_now():
                sub = a["id"].split("/")[2]
                if sub in subs:
                    row = dict(a)
                    row["subscriptionId"] = sub
                    row["type"] = "microsoft.alertsmanagement/alerts"
                    rows.append(row)
        elif q.startswith("resources"):
            ids = [i.lower() for i in re.findall(r"'([^']*)'", req["query"])]
            rows = [{"id": rid, "location": loc}
                    for rid, loc in RESOURCE_LOCATIONS.items()
                    if rid.lower() in ids and rid.split("/")[2] in subs]
        else:
            return None
        return jresp(200, {"totalRecords": len(rows), "count": len(rows),
                           "resultTruncated": "false", "facets": [],
                           "data": rows}, hdrs)

    def put_resource(self, store, rtype, sub, rg, name, provider):
        req = self.json_body()
        if req is None or not isinstance(req.get("properties"), dict):
            return arm_error(400, "InvalidRequestContent",
                             "The request content was invalid and could not be deserialized.")
        rid = "/subscriptions/%s/resourceGroups/%s/providers/microsoft.insights/%s/%s" % (
            sub, rg, provider, name)
        res = dict(req)
        res.update({"id": rid, "name": name, "type": rtype})
        res.setdefault("location", "Global")
        res.setdefault("tags", {})
        with STATE.lock:
            existed = rid.lower() in store
            store[rid.lower()] = res
        return jresp(200 if existed else 201, res)

    def arm_alert_put(self, sub, rg, name):
        req = self.json_body() or {}
        props = req.get("properties") or {}
        for field in ("scopes", "condition", "actions"):
            if isinstance(props, dict) and field not in props:
                return arm_error(400, "InvalidRequestContent",
                                 "The property '%s' is required." % field)
        return self.put_resource(STATE.alert_rules, "Microsoft.Insights/ActivityLogAlerts",
                                 sub, rg, name, "activityLogAlerts")

    def arm_groups(self, sub):
        value = [default_action_group()] if sub == SUB_A1 else []
        with STATE.lock:
            value += [g for g in STATE.action_groups.values()
                      if g["id"].lower().startswith("/subscriptions/%s/" % sub)]
        return jresp(200, {"value": value})

    def arm_group_get(self, sub, rg, name):
        for g in json.loads(self.arm_groups(sub).body)["value"]:
            if g["id"].lower().endswith("/resourcegroups/%s/providers/microsoft.insights/"
                                        "actiongroups/%s" % (rg.lower(), name.lower())):
                return jresp(200, g)
        return arm_error(404, "ResourceNotFound",
                         "The Resource 'microsoft.insights/actionGroups/%s' "
                         "under resource group '%s' was not found." % (name, rg))

    def arm_group_put(self, sub, rg, name):
        return self.put_resource(STATE.action_groups, "Microsoft.Insights/ActionGroups",
                                 sub, rg, name, "actionGroups")


_feed_cache = {}
_feed_lock = threading.Lock()
_big_cache = {}


def big_events_body(world, sub, events_for):
    """One serialized answer per (world, subscription): the big scenario's
    bodies are tens of megabytes and benchmarks should time azwatch, not
    the fake."""
    key = (id(world), sub)
    with _feed_lock:
        body = _big_cache.get(key)
        if body is None:
            if len(_big_cache) > 8:
                _big_cache.clear()
            body = json.dumps({"value": events_for(sub)[1]},
                              ensure_ascii=False).encode("utf-8")
            _big_cache[key] = body
        return body


def render_feed_cached(world):
    """The feed of a world, rendered once (big feeds are slow to build)."""
    with _feed_lock:
        body = _feed_cache.get(id(world))
        if body is None:
            if len(_feed_cache) > 32:
                _feed_cache.clear()
            body = render_rss(world.feed_items, STATE.base)
            _feed_cache[id(world)] = body
        return body


def render_churn_feed():
    """A feed whose every item has new text on every request (a feed that
    changes on every poll), numbered so a test can tell which it got."""
    with STATE.lock:
        STATE.feed_churns += 1
        k = STATE.feed_churns
        n = int(STATE.knobs["feed_churn"])
    items = [feed_item("CHRN-%03d" % i, "Virtual Machines", "East US",
                       "Investigating",
                       "<p>Churn poll %d: item %d.</p>" % (k, i), STATE.base)
             for i in range(n)]
    return render_rss(items, STATE.base)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def main():
    ap = argparse.ArgumentParser(description="Fake Azure for azwatch tests.")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--scenario", default="redis-eastus", choices=SCENARIOS)
    ap.add_argument("--log")
    args = ap.parse_args()

    global STATE
    STATE = State(args.scenario)
    Handler.log_file = args.log
    server = Server(("127.0.0.1", args.port), Handler)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, args.port_file)

    while not stop.wait(0.2):
        pass
    STATE.release.set()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
