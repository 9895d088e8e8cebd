"""Date and number formats per language (settings.FORMAT_MODULE_PATH), on top of Django's.

Templates name a format instead of writing one: ``|date:"SHORT_DATE_FORMAT"`` gives
"4. dec. 2026" in Danish and "4 Dec 2026" in English; amounts go through ``|amount`` (core).
"""
