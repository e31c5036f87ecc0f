"""The entry points: the command line and the web interface, both on top of `protokoll.services`."""
