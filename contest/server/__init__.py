"""The server around the app: how it serves (gevent, ports, public URL), the security headers,
redacted access logs, the nginx site it writes for several processes, and error answers in
Chinese."""
