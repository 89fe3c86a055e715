#!/usr/bin/env python3
"""gen-feed.py: a deterministic Azure status RSS feed for the benchmark,
in the shape the public feed has (RSS 2.0, namespaced channel, one item
per incident with guid, link, categories, HTML description, pubDate).

Usage: gen-feed.py [N] > feed.xml      (N defaults to 2000)
"""

import sys
import time
from xml.sax.saxutils import escape

SERVICES = ["Virtual Machines", "Storage", "Azure Cache for Redis",
            "SQL Database", "App Service", "Azure Kubernetes Service",
            "Azure Front Door", "Cosmos DB", "Key Vault", "Event Hubs"]
REGIONS = ["East US", "East US 2", "West US", "West US 2", "Central US",
           "North Europe", "West Europe", "UK South", "Japan East",
           "Southeast Asia", "Australia East", "Brazil South",
           "Multiple Regions"]
STAGES = ["Investigating", "Mitigating", "Mitigated", "Resolved"]
BASE = 1795509000        # 2026-11-24T08:30:00Z
HIST = "https://azure.status.microsoft/en-us/status/history/?trackingId="


def rfc822(t):
    return time.strftime("%a, %d %b %Y %H:%M:%S Z", time.gmtime(t))


def tracking(i):
    digits = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    s = ""
    n = i + 7919
    for _ in range(4):
        s = digits[n % len(digits)] + s
        n //= len(digits)
    return "%s-%s%d" % (s, "TZ"[i % 2], i % 10)


def item(i):
    t = tracking(i)
    svc = SERVICES[i % len(SERVICES)]
    reg = REGIONS[(i * 7) % len(REGIONS)]
    stage = STAGES[i % len(STAGES)]
    pub = BASE - 300 * i
    desc = ("<p><strong>Impact Statement:</strong> Starting at %s, customers "
            "using %s in %s may experience connection timeouts or errors.</p>"
            "<p><strong>Current Status:</strong> Engineers are engaged. The "
            "next update will be provided in 60 minutes, or as events "
            "warrant.</p><p>This message was last updated at %s</p>"
            "<p>Tracking ID: %s</p>" % (rfc822(pub - 1800), svc, reg,
                                        rfc822(pub), t))
    return ("    <item>\n"
            '      <guid isPermaLink="false">%s%s</guid>\n'
            "      <link>%s%s</link>\n"
            "      <category>%s</category>\n"
            "      <category>%s</category>\n"
            "      <title>%s</title>\n"
            "      <description>%s</description>\n"
            "      <pubDate>%s</pubDate>\n"
            "    </item>\n" % (HIST, t, HIST, t, escape(svc), escape(reg),
                               escape("%s - %s - %s" % (svc, reg, stage)),
                               escape(desc), rfc822(pub)))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    out = sys.stdout
    out.write('<?xml version="1.0" encoding="utf-8"?>\n'
              '<rss xmlns:a10="http://www.w3.org/2005/Atom" version="2.0">\n'
              '  <channel xmlns:slash="http://purl.org/rss/1.0/modules/slash/" '
              'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
              'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
              "    <title>Azure Status</title>\n"
              "    <link>https://azure.status.microsoft/en-us/status/</link>\n"
              "    <description>Azure Status</description>\n"
              "    <language>en-us</language>\n"
              "    <lastBuildDate>%s</lastBuildDate>\n" % rfc822(BASE))
    for i in range(n):
        out.write(item(i))
    out.write("  </channel>\n</rss>\n")


if __name__ == "__main__":
    main()
