"""Use cases. Each does its writes in one transaction and returns plain data or models.

Called by the HTTP API, the web pages and the socket handlers alike, so a rule lives in one place.
"""
