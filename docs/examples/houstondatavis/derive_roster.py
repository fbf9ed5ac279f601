#!/usr/bin/env python3
"""Derive a roster from a Slack export's own accounts, for the houstondatavis example.

One row per account that is not a bot: person = the account's e-mail (as uptake keys
Slack people), registered_at = the day of its first `channel_join` message (else of its
first message, else the export's first day), site = its time zone, role = admin or
member, and `cohort`: `founding` (joined in June 2015), `2015-h2` or `2016`, which the
example's plan uses as waves. Deleted accounts get deactivated_at = the day of their last
message (the export does not date the deletion).

Usage: derive_roster.py EXPORT_DIR > roster.csv
"""

import csv
import datetime as dt
import json
import os
import sys


def day(ts):
    return dt.datetime.fromtimestamp(float(ts), dt.timezone.utc).date()


def main(export):
    users = json.load(open(os.path.join(export, "users.json")))
    joined, first, last = {}, {}, {}
    start = None
    for channel in sorted(os.listdir(export)):
        folder = os.path.join(export, channel)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            for m in json.load(open(os.path.join(folder, name))):
                u, ts = m.get("user"), m.get("ts")
                if not u or not ts:
                    continue
                d = day(ts)
                start = d if start is None else min(start, d)
                if m.get("subtype") == "channel_join":
                    joined[u] = min(joined.get(u, d), d)
                else:
                    first[u] = min(first.get(u, d), d)
                    last[u] = max(last.get(u, d), d)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["person", "registered_at", "deactivated_at", "site", "role", "cohort"])
    for u in users:
        if u.get("is_bot") or u["id"] == "USLACKBOT":
            continue
        email = (u.get("profile") or {}).get("email") or f"slack:{u['id'].lower()}"
        reg = joined.get(u["id"]) or first.get(u["id"]) or start
        gone = last.get(u["id"], reg) if u.get("deleted") else ""
        cohort = (
            "founding"
            if reg < dt.date(2015, 7, 1)
            else "2015-h2" if reg < dt.date(2016, 1, 1) else "2016"
        )
        role = "admin" if u.get("is_admin") or u.get("is_owner") else "member"
        out.writerow([email.lower(), reg, gone, u.get("tz") or "", role, cohort])


if __name__ == "__main__":
    main(sys.argv[1])
