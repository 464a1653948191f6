"""The staff app (Arbeidsflaten): the single-page app built from web/ into web/dist, served at /arbeid/."""
