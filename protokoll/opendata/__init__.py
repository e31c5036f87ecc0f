"""Open data: the OParl 1.1 endpoint's objects, the import from an OParl server
(`oparl_client`, `oparl_source`), and the bulk download."""
