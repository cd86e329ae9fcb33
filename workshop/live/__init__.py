"""Socket.IO: the live link to phones and boards. Handlers are thin: parse, call a service, ack."""
