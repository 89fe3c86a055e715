#!/usr/bin/env python3
"""gen-events.py: a deterministic Microsoft.ResourceHealth events answer
for the benchmark, in the 2025-05-01 Events_ListBySubscriptionId shape
(article, links, FAQs, recommended actions, impact by region with updates).

Usage: gen-events.py [N] > events.json      (N defaults to 10000)
"""

import json
import sys

SUB = "00000000-0000-0000-0000-0000000000a1"
SERVICES = ["Virtual Machines", "Storage", "Azure Cache for Redis",
            "SQL Database", "App Service", "Azure Kubernetes Service",
            "Azure Front Door", "Cosmos DB", "Key Vault", "Event Hubs",
            "Azure Monitor", "Microsoft Entra ID"]
REGIONS = ["East US", "East US 2", "West US", "West US 2", "Central US",
           "North Europe", "West Europe", "UK South", "Japan East",
           "Southeast Asia", "Australia East", "Brazil South"]
TYPES = ["ServiceIssue", "ServiceIssue", "ServiceIssue", "PlannedMaintenance",
         "HealthAdvisory", "SecurityAdvisory"]
BASE = 1795509000        # 2026-11-24T08:30:00Z, so runs are reproducible


def iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S.0000000Z", time.gmtime(t))


def tracking(i):
    digits = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    s = ""
    n = i
    for _ in range(4):
        s = digits[n % len(digits)] + s
        n //= len(digits)
    return "%s-%s%d" % (s[:2] + s[2:], "XQ"[i % 2], i % 10)


def event(i):
    t = tracking(i)
    svc = SERVICES[i % len(SERVICES)]
    etype = TYPES[i % len(TYPES)]
    start = BASE - 600 * i
    active = i % 4 != 0
    nreg = 1 + i % 3
    regions = []
    for k in range(nreg):
        reg = REGIONS[(i * 5 + k) % len(REGIONS)]
        ups = []
        for u in range(1 + (i + k) % 3, 0, -1):
            ups.append({
                "eventTags": ["Action Recommended"] if u == 1 else [],
                "summary": "<p><strong>Impact Statement:</strong> Starting at "
                           "%s, customers using %s in %s may experience "
                           "intermittent errors (update %d).</p><p>Tracking "
                           "ID: %s</p>" % (iso(start), svc, reg, u, t),
                "updateDateTime": iso(start + 900 * u)})
        regions.append({
            "impactedRegion": reg,
            "impactedSubscriptions": [SUB],
            "impactedTenants": [],
            "lastUpdateTime": ups[0]["updateDateTime"],
            "status": "Active" if active else "Resolved",
            "updates": ups})
    last = regions[0]["lastUpdateTime"]
    title = "%s - %s - %s" % (svc, regions[0]["impactedRegion"],
                              "Investigating" if active else "Mitigated")
    summary = ("<p><strong>What happened?</strong></p><p>Between %s and now, "
               "a subset of customers using %s in %s may have experienced "
               "failures.</p><p><strong>What do we know so far?</strong></p>"
               "<p>We identified a configuration change as the cause.</p>"
               % (iso(start), svc, regions[0]["impactedRegion"]))
    props = {
        "article": {"articleContent": "<html>" + summary + "</html>"},
        "enableChatWithUs": False,
        "enableMicrosoftSupport": True,
        "eventLevel": "Warning",
        "eventSource": "ServiceHealth",
        "eventTags": [],
        "eventType": etype,
        "faqs": [{"answer": "Follow the updates here.", "localeCode": "en",
                  "question": "Do I need to raise a support ticket?"}],
        "header": "Your service might have been impacted by an Azure service issue",
        "hirStage": "active" if active else "resolved",
        "impact": [{"impactedRegions": regions, "impactedService": svc,
                    "impactedServiceGuid":
                        "fd8065f5-ffd0-4756-8788-%012x" % (i % len(SERVICES))}],
        "impactMitigationTime": (iso(start + 7200) if not active
                                 else "0001-01-01T00:00:00"),
        "impactStartTime": iso(start),
        "isEventSensitive": False,
        "isHIR": False,
        "lastUpdateTime": last,
        "level": "Warning",
        "links": [
            {"type": "Hyperlink", "bladeName": "RequestRCABlade",
             "displayText": {"localizedValue": "Request RCA",
                             "value": "Request RCA"},
             "extensionName": "Microsoft_Azure_Health",
             "parameters": {"rcaRequested": "False", "trackingId": t}},
            {"type": "Button", "bladeName": "AzureHealthBrowseBlade",
             "displayText": {"localizedValue": "Sign up for updates",
                             "value": "Sign up for updates"},
             "extensionName": "Microsoft_Azure_Health",
             "parameters": {"trackingId": t}}],
        "priority": 2 + i % 20,
        "recommendedActions": {
            "actions": [{"actionText": "Check the health of your resources",
                         "groupId": 23243, "actionUrl": "<action>",
                         "actionUrlText": "Resource Health"}],
            "localeCode": "en-us", "message": "Recommended actions"},
        "status": "Active" if active else "Resolved",
        "summary": summary,
        "title": title,
    }
    return {"name": t, "type": "/providers/Microsoft.ResourceHealth/events",
            "id": "/providers/Microsoft.ResourceHealth/events/" + t,
            "properties": props}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    json.dump({"value": [event(i) for i in range(n)]}, sys.stdout,
              separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
