"""The one error a ritual step raises; its message is for the person as it is."""


class RitualError(Exception):
    """A ritual step that cannot happen; the message is for the person as it is."""
