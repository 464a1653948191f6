"""Each person's choice of e-mail (issue 25, item 3): on or off and at once or daily, through
GET/PATCH /api/v1/me/notifications; the daily digest; and the one-click unsubscribe link (RFC 8058)
in every message, signed so that nobody can make one for another person or kind."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from app.norwegian import OSLO
from app.notifications import unsubscribe
from app.notifications.worker import MailWorker
from tests import test_mail
from tests.conftest import Api
from tests.flows import ok, transition
from tests.test_mail import calendar_of, convened_meeting, messages, person, seat, text_of
from tests.test_mail_reminders import subcommittee
from tests.test_subcommittees import in_days

smtp, mail_settings, forum = test_mail.smtp, test_mail.mail_settings, test_mail.forum  # the e-mail tests' fixtures
PREFS = "/api/v1/me/notifications"


def run(app: Any, database: Any, settings: Any, clock: Any) -> None:
    MailWorker(database, settings, engine=app.state.engine, clock=clock).run(threading.Event(), once=True)


def unsubscribe_path(message: Any) -> str:
    header = message["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    return urlsplit(header[1:-1]).path


def test_the_choices_start_on_and_immediate_and_change_kind_by_kind(api, seeded, forum) -> None:
    kari = api.as_person(forum["kari"]["id"])
    before = ok(kari.get(PREFS))
    assert set(before) == {"meetings", "subcommittee_deadlines", "follow_ups", "minutes", "board_meetings"}
    assert all(c["enabled"] and c["delivery"] == "immediate" for c in before.values())
    assert before["meetings"]["label"] == "Møteinnkallinger, endringer og avlysninger"

    after = ok(kari.patch(PREFS, json={"minutes": {"enabled": False}, "meetings": {"delivery": "daily"}}))
    assert (after["minutes"]["enabled"], after["minutes"]["delivery"]) == (False, "immediate")
    assert (after["meetings"]["enabled"], after["meetings"]["delivery"]) == (True, "daily")
    assert ok(kari.get(PREFS)) == after
    assert ok(api.as_person(forum["ola"]["id"]).get(PREFS)) == before  # one's own only

    for bad in ({"minutes": {"delivery": "weekly"}}, {"newsletter": {"enabled": False}}, {"minutes": {"on": True}}):
        assert kari.patch(PREFS, json=bad).status_code == 422
    assert ok(kari.get(PREFS)) == after  # a refused change changes nothing
    assert api.get(PREFS).status_code == 404  # the secretariat's system token is no person
    assert Api(api.client, None).get(PREFS).status_code == 401


def test_a_person_who_turned_reminders_off_gets_none(
    app, api, seeded, database, smtp, mail_settings, app_clock
) -> None:
    chair = person(api, seeded, "Cecilie Utvalgsleder", "cecilie@example.no")
    leader = person(api, seeded, "Anne Leder", "anne@example.no")
    seat(api, seeded.au, leader["id"], "chair")
    ok(api.as_person(chair["id"]).patch(PREFS, json={"subcommittee_deadlines": {"enabled": False}}))
    subcommittee(api, seeded, chair, "Underutvalg for legemiddelsikkerhet", in_days(10))
    run(app, database, mail_settings, app_clock)
    assert [m["Subject"] for m in smtp.inbox("cecilie@example.no")] == []
    assert len(smtp.inbox("anne@example.no")) == 1
    (skipped,) = [m for m in messages(database) if str(m.person_id) == chair["id"]]
    assert (skipped.status, skipped.skipped_reason) == ("skipped", "meldt av av mottakeren")


def test_daily_messages_go_in_one_digest_a_day(
    app, api, seeded, database, forum, smtp, mail_settings, app_clock
) -> None:
    kari = api.as_person(forum["kari"]["id"])
    ok(kari.patch(PREFS, json={"meetings": {"delivery": "daily"}, "subcommittee_deadlines": {"delivery": "daily"}}))
    seat(api, seeded.au, forum["kari"]["id"], "chair")  # the AU leader: told of subcommittee deadlines
    meeting, _ = convened_meeting(api, seeded, starts_at="2031-03-04T09:00:00Z")
    subcommittee(api, seeded, forum["ola"], "Underutvalg for legemiddelsikkerhet", in_days(10))
    # Before 07.00 Oslo time the day after: nothing to Kari yet; Ola gets his at once.
    tomorrow = (datetime.now(OSLO) + timedelta(days=1)).date()
    app_clock.offset = datetime.combine(tomorrow, time(6, 30), OSLO) - datetime.now(OSLO)
    run(app, database, mail_settings, app_clock)
    assert smtp.inbox("kari@example.no") == []
    assert len(smtp.inbox("ola@example.no")) == 2  # his invitation and his reminder
    assert {m.status for m in messages(database) if str(m.person_id) == forum["kari"]["id"]} == {"daily"}

    app_clock.advance(timedelta(hours=1))  # 07.30
    run(app, database, mail_settings, app_clock)
    run(app, database, mail_settings, app_clock)  # restarted: the day's digest is made once
    (digest,) = smtp.inbox("kari@example.no")
    assert digest["Subject"].startswith("Dagens oversikt ") and "2 meldinger" in digest["Subject"]
    text = text_of(digest)
    assert "1. Innkalling: Topplederforumet" in text and "2. Påminnelse: Underutvalg for legemiddelsikkerhet" in text
    assert f"/arbeid/moter/{meeting['id']}" in text
    (ics,) = [p for p in digest.walk() if p.get_content_type() == "application/ics"]
    assert b"METHOD:REQUEST" in ics.get_content()
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    kari_mail = [m for m in messages(database) if str(m.person_id) == forum["kari"]["id"]]
    (made,) = [m for m in kari_mail if m.kind == "digest"]
    assert {(m.status, m.digest_id) for m in kari_mail if m.kind != "digest"} == {("digested", made.id)}

    # Back to immediate: what comes next is sent at once.
    ok(kari.patch(PREFS, json={"meetings": {"delivery": "immediate"}}))
    transition(api, "meeting", meeting["id"], "cancel")
    run(app, database, mail_settings, app_clock)
    assert calendar_of(smtp.inbox("kari@example.no")[-1])["METHOD"] == "CANCEL"


def test_every_message_has_a_one_click_unsubscribe_link_that_turns_its_kind_off(
    app, api, seeded, database, forum, smtp, mail_settings, app_clock
) -> None:
    meeting, _ = convened_meeting(api, seeded, starts_at="2031-03-04T09:00:00Z")
    run(app, database, mail_settings, app_clock)
    (invitation,) = smtp.inbox("ola@example.no")
    assert invitation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(invitation)
    assert path in text_of(invitation)
    anonymous = Api(api.client, None)

    page = anonymous.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Meld meg av" in page.text and "møteinnkallinger" in page.text
    assert ok(api.as_person(forum["ola"]["id"]).get(PREFS))["meetings"]["enabled"] is True  # a GET changes nothing

    # As a mail program does it (RFC 8058): a POST without a session, the body form-encoded.
    done = anonymous.client.post(
        path,
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200 and "Du er meldt av" in done.text
    ola = ok(api.as_person(forum["ola"]["id"]).get(PREFS))
    assert ola["meetings"]["enabled"] is False and ola["minutes"]["enabled"] is True
    assert ok(api.as_person(forum["kari"]["id"]).get(PREFS))["meetings"]["enabled"] is True
    assert anonymous.client.post(path).status_code == 200  # again: nothing more to do

    transition(api, "meeting", meeting["id"], "cancel")
    run(app, database, mail_settings, app_clock)
    assert len(smtp.inbox("ola@example.no")) == 1  # no cancellation to who turned meetings off
    assert len(smtp.inbox("kari@example.no")) == 2


def test_a_forged_or_altered_link_is_refused_and_changes_nothing(api, seeded, database, forum, mail_settings) -> None:
    ola = uuid.UUID(forum["ola"]["id"])
    with database.sessionmaker() as session:
        key = unsubscribe.secret(session)
    good = unsubscribe.token(key, ola, "meetings")
    payload, signature = good.split(".")
    kari_payload = unsubscribe.token(key, uuid.UUID(forum["kari"]["id"]), "meetings").split(".")[0]
    forged = [
        unsubscribe.token(b"not the server's secret" * 2, ola, "meetings"),  # signed with another key
        f"{kari_payload}.{signature}",  # another person's under this one's signature
        f"{unsubscribe.token(key, ola, 'minutes').split('.')[0]}.{signature}",  # another kind
        payload,  # no signature
        f"{payload}.{signature[:-2]}",  # cut short
        unsubscribe.token(key, ola, "newsletter"),  # signed, but no such kind
        unsubscribe.token(key, uuid.uuid4(), "meetings"),  # signed, but no such person
        "!!!.???",
    ]
    client = Api(api.client, None).client
    for token in forged:
        assert client.post(f"/avmelding/{token}").status_code == 404, token
        assert client.get(f"/avmelding/{token}", headers={"Accept": "text/html"}).status_code == 404
    assert all(c["enabled"] for c in ok(api.as_person(ola).get(PREFS)).values())
    assert client.post(f"/avmelding/{good}").status_code == 200


def test_without_a_secret_setting_the_key_is_made_once_and_kept_in_the_database(database, monkeypatch) -> None:
    from app.config import get_settings

    monkeypatch.delenv("SAMORDNING_MAIL_SECRET", raising=False)
    get_settings.cache_clear()
    with database.write_sessionmaker.begin() as session:
        first = unsubscribe.secret(session)
    with database.write_sessionmaker.begin() as session:
        assert unsubscribe.secret(session) == first
    assert len(first) == 64
    monkeypatch.setenv("SAMORDNING_MAIL_SECRET", "s" * 40)
    get_settings.cache_clear()
    with database.sessionmaker() as session:
        assert unsubscribe.secret(session) == b"s" * 40
    get_settings.cache_clear()
