"""Translations out to files (PO, XLIFF, TMX) and back into the store."""
