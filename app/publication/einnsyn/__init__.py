"""The public record of a meeting as an eInnsyn message: JSON-LD in the Noark 5 meeting model.

A view of the publication domain like the feeds and the website, so it lives beside them and reads
only through record.py: it can show nothing the public API does not (see export.py for the mapping).
"""
