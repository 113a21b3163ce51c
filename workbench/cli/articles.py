"""Commands about articles: import, status, segments, export of the source document."""

COMMANDS = []
