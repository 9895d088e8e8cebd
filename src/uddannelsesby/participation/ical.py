"""A citizen meeting as an iCalendar file (RFC 5545), written with the icalendar library."""

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting


def meeting_ical(meeting: Meeting, *, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Uddannelsesby//Citizen meetings//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@uddannelsesby")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("location", f"{meeting.place}, {meeting.address}")
    description = "\n\n".join(filter(None, [meeting.description, meeting.accessibility, url]))
    event.add("description", description)
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
