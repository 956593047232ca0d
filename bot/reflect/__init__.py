"""Reflect: the weekly nudge and its reminder, the reflection modal (opened from the nudge,
App Home or `/techlead reflect`), saving an answer, and the person's own history."""
