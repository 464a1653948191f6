"""The staff app (Arbeidsflaten): the single-page app built from web/ into web/dist, served at /arbeid/."""

PREFIX = "/arbeid"


def is_staff_app_path(path: str) -> bool:
    """/arbeid and everything under /arbeid/ (not /arbeidsutvalget)."""
    return path == PREFIX or path.startswith(PREFIX + "/")
