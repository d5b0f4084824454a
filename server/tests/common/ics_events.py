"""Reads an iCalendar feed from stdin with Python's `icalendar` (an independent RFC 5545 parser,
not the crate that wrote it) and prints what the tests check, as JSON. Exits non-zero if the
parser reports any problem with the calendar or one of its events."""

import json
import sys

import icalendar

calendar = icalendar.Calendar.from_ical(sys.stdin.read())
problems = list(calendar.errors)
for required in ("VERSION", "PRODID"):
    if required not in calendar:
        problems.append(f"VCALENDAR without {required}")
events = []
for event in calendar.walk("VEVENT"):
    problems.extend(event.errors)
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        if required not in event:
            problems.append(f"VEVENT without {required}")
    alarms = event.walk("VALARM")
    events.append(
        {
            "uid": str(event["UID"]),
            "summary": str(event["SUMMARY"]),
            "description": str(event.get("DESCRIPTION", "")),
            "url": str(event.get("URL", "")),
            "start": int(event.decoded("DTSTART").timestamp()),
            "end": int(event.decoded("DTEND").timestamp()),
            "alarm_seconds_before_end": (
                -int(alarms[0].decoded("TRIGGER").total_seconds()) if alarms else None
            ),
            "alarm_related": str(alarms[0]["TRIGGER"].params.get("RELATED", "START")) if alarms else None,
        }
    )
if problems:
    print("\n".join(str(p) for p in problems), file=sys.stderr)
    sys.exit(1)
print(json.dumps({"name": str(calendar.get("X-WR-CALNAME", calendar.get("NAME", ""))), "events": events}))
