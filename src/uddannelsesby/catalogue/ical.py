"""Events as an iCalendar feed (RFC 5545), written with the icalendar library."""

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def events_ical(events: list[Event], *, base_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Uddannelsesby//Student events//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Uddannelsesby")
    stamp = timezone.now()
    for event in events:
        url = base_url + event.get_absolute_url()
        item = CalendarEvent()
        item.add("uid", f"catalogue-event-{event.pk}@uddannelsesby")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("summary", event.title)
        item.add("location", ", ".join(filter(None, [event.place, event.address])))
        item.add("description", "\n\n".join(filter(None, [event.description, url])))
        item.add("url", event.url or url)
        calendar.add_component(item)
    return calendar.to_ical()
