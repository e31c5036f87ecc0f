"""Open data: the OParl 1.1 endpoint's objects, the import from an OParl server, and the bulk download."""
