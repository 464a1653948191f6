"""Reminders by e-mail (issue 25, item 2), as people meet them: the app's clock moved past a deadline,
the worker's scan writes one reminder per person, sent to a real SMTP server, and never again, however
many workers scan and however often they restart."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest

from app.governance.engine import RuleEngine
from app.notifications.worker import MailWorker
from tests import test_mail
from tests.flows import forum_decision, ok, patch_current, rules_switched_off
from tests.smtp_server import SmtpServer
from tests.test_mail import person, seat, text_of
from tests.test_subcommittees import in_days

smtp, mail_settings = test_mail.smtp, test_mail.mail_settings  # the e-mail tests' fixtures

SUBCOMMITTEES = "/api/v1/subcommittees"


def worker(app: Any, database: Any, settings: Any, clock: Any) -> MailWorker:
    """A worker as `samordning worker` starts one (a new one: a restart), on the app's clock."""
    return MailWorker(database, settings, engine=app.state.engine, clock=clock)


def run(app: Any, database: Any, settings: Any, clock: Any) -> None:
    worker(app, database, settings, clock).run(threading.Event(), once=True)


def subjects(smtp: SmtpServer, address: str, starting: str) -> list[str]:
    return [m["Subject"] for m in smtp.inbox(address) if m["Subject"].startswith(starting)]


def subcommittee(api: Any, seeded: Any, chair: dict, name: str, deadline: str) -> dict:
    """Set up by a forum decision, with `chair` as its chair."""
    founding = forum_decision(api, seeded, kind="establish_subcommittee")
    payload = {
        "decision_id": founding["id"],
        "name": name,
        "mandate": "Undersøke et tema nærmere.",
        "deadline": deadline,
        "chair": {"person_id": chair["id"], "competence": "Pasientsikkerhet", "background": "academia"},
        "members": [],
    }
    return ok(api.post(SUBCOMMITTEES, json=payload), 201) | {"founding": founding}


@pytest.fixture
def people(api, seeded) -> dict:  # noqa: ANN001
    """The AU leader and a member, and a subcommittee chair (with a deadline in 60 days)."""
    leader = person(api, seeded, "Anne Leder", "anne@example.no")
    au_member = person(api, seeded, "Bjørn Medlem", "bjorn@example.no")
    chair = person(api, seeded, "Cecilie Utvalgsleder", "cecilie@example.no")
    seat(api, seeded.au, leader["id"], "chair")
    seat(api, seeded.au, au_member["id"])
    sub = subcommittee(api, seeded, chair, "Underutvalg for legemiddelsikkerhet", in_days(60))
    return {"leader": leader, "au_member": au_member, "chair": chair, "sub": sub, "founding": sub["founding"]}


def test_a_deadline_reminds_the_chair_and_the_au_leader_once_before_and_once_after(
    app, api, database, people, smtp, mail_settings, app_clock
) -> None:
    run(app, database, mail_settings, app_clock)
    assert subjects(smtp, "cecilie@example.no", "Påminnelse") == []  # 60 days away: nothing yet

    app_clock.advance(timedelta(days=47))  # the deadline 13 days away
    run(app, database, mail_settings, app_clock)
    run(app, database, mail_settings, app_clock)  # restarted: the occasion is known
    app_clock.advance(timedelta(days=1))
    run(app, database, mail_settings, app_clock)
    for address in ("cecilie@example.no", "anne@example.no"):
        (subject,) = subjects(smtp, address, "Påminnelse: Underutvalg for legemiddelsikkerhet")
        assert "skal levere innen" in subject
    (reminder,) = [m for m in smtp.inbox("cecilie@example.no") if m["Subject"].startswith("Påminnelse")]
    text = text_of(reminder)
    assert "Hei Cecilie Utvalgsleder," in text and "om 13 dager" in text
    assert f"/arbeid/underutvalg/{people['sub']['id']}" in text
    assert "Et underutvalg skal levere sitt arbeid til arbeidsutvalget innen en gitt frist." in text  # the citation
    assert subjects(smtp, "bjorn@example.no", "Påminnelse") == []  # an AU member is not the leader

    app_clock.advance(timedelta(days=13))  # the day after the deadline, not delivered
    run(app, database, mail_settings, app_clock)
    run(app, database, mail_settings, app_clock)
    for address in ("cecilie@example.no", "anne@example.no"):
        assert len(subjects(smtp, address, "Fristen er passert: Underutvalg for legemiddelsikkerhet")) == 1


def test_one_reminder_to_a_person_who_is_both_chair_and_au_leader(app, api, seeded, database, smtp, mail_settings, app_clock) -> None:  # fmt: skip
    both = person(api, seeded, "Dag Begge", "dag@example.no")
    seat(api, seeded.au, both["id"], "chair")
    subcommittee(api, seeded, both, "Underutvalg for samhandling", in_days(10))
    run(app, database, mail_settings, app_clock)
    assert len(subjects(smtp, "dag@example.no", "Påminnelse: Underutvalg for samhandling")) == 1


def test_two_workers_scanning_at_once_write_each_occasion_once(
    app, api, database, people, smtp, mail_settings, app_clock
) -> None:
    app_clock.advance(timedelta(days=50))
    workers = [worker(app, database, mail_settings, app_clock) for _ in range(2)]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def scan(w: MailWorker) -> None:
        start.wait()
        try:
            w.scan()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=scan, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # The second waits for the first's unique key, then inserts nothing.
    assert errors == []
    run(app, database, mail_settings, app_clock)
    assert len(subjects(smtp, "anne@example.no", "Påminnelse: Underutvalg")) == 1


def test_an_overdue_follow_up_reminds_the_responsible_body(
    app, api, database, people, smtp, mail_settings, app_clock
) -> None:
    decision = people["founding"]
    due = in_days(5)
    ok(patch_current(api, f"/api/v1/decisions/{decision['id']}", json={"follow_up_due": due}))
    app_clock.advance(timedelta(days=5))
    run(app, database, mail_settings, app_clock)
    assert subjects(smtp, "bjorn@example.no", "Forfalt oppfølging") == []  # due today is not overdue
    app_clock.advance(timedelta(days=1))
    run(app, database, mail_settings, app_clock)
    run(app, database, mail_settings, app_clock)
    for address in ("anne@example.no", "bjorn@example.no"):  # the AU: leader and member
        (subject,) = subjects(smtp, address, "Forfalt oppfølging: vedtaket i sak")
    assert subjects(smtp, "cecilie@example.no", "Forfalt oppfølging") == []


def test_minutes_missing_a_week_after_the_meeting_remind_the_au(
    app, api, database, people, smtp, mail_settings, app_clock
) -> None:
    # The forum meeting that set up the subcommittee is in session, its minutes not approved.
    app_clock.advance(timedelta(days=6))
    run(app, database, mail_settings, app_clock)
    assert subjects(smtp, "anne@example.no", "Referatet mangler") == []
    app_clock.advance(timedelta(days=1, hours=1))
    run(app, database, mail_settings, app_clock)
    run(app, database, mail_settings, app_clock)
    for address in ("anne@example.no", "bjorn@example.no"):
        (subject,) = subjects(smtp, address, "Referatet mangler: Topplederforumet, møte")


def test_a_board_meeting_outside_six_to_eight_weeks_reminds_the_au_leader(
    app, api, seeded, database, smtp, mail_settings, app_clock
) -> None:
    leader = person(api, seeded, "Anne Leder", "anne@example.no")
    seat(api, seeded.au, leader["id"], "chair")
    board = "/api/v1/meetings"
    ok(api.post(board, json={"body_id": seeded.project_board, "starts_at": in_days(1) + "T10:00:00Z"}), 201)
    later = ok(api.post(board, json={"body_id": seeded.project_board, "starts_at": in_days(71) + "T10:00:00Z"}), 201)
    run(app, database, mail_settings, app_clock)
    assert subjects(smtp, "anne@example.no", "Påminnelse: Prosjektstyret") == []  # no board meeting before
    app_clock.advance(timedelta(days=2))
    run(app, database, mail_settings, app_clock)
    run(app, database, mail_settings, app_clock)
    (reminder,) = [m for m in smtp.inbox("anne@example.no") if "møteintervall" in m["Subject"]]
    assert f"/arbeid/moter/{later['id']}" in text_of(reminder)
    assert "er 10,0 uker etter møte" in text_of(reminder)

    # Moved into the interval: nothing more; with no meeting after it, once 8 weeks have passed.
    ok(patch_current(api, f"{board}/{later['id']}", json={"starts_at": in_days(43) + "T10:00:00Z"}))
    app_clock.advance(timedelta(days=42))  # the day after the second (6.1 weeks after the first)
    run(app, database, mail_settings, app_clock)
    app_clock.advance(timedelta(days=42))  # 6 weeks after the second, none planned: still in time
    run(app, database, mail_settings, app_clock)
    assert len([m for m in smtp.inbox("anne@example.no") if "møteintervall" in m["Subject"]]) == 1
    app_clock.advance(timedelta(days=15))  # more than 8 weeks after the second, none planned
    run(app, database, mail_settings, app_clock)
    run(app, database, mail_settings, app_clock)
    *_, none_planned = [m for m in smtp.inbox("anne@example.no") if "møteintervall" in m["Subject"]]
    assert "har ikke planlagt noe møte etter møte" in text_of(none_planned)
    assert len([m for m in smtp.inbox("anne@example.no") if "møteintervall" in m["Subject"]]) == 2


def test_a_rule_switched_off_in_rules_reminds_nobody(
    database, people, smtp, mail_settings, app_clock, tmp_path
) -> None:
    engine = RuleEngine.from_dir(rules_switched_off(tmp_path, "subcommittee.deadline_approaching"))
    app_clock.advance(timedelta(days=50))
    MailWorker(database, mail_settings, engine=engine, clock=app_clock).run(threading.Event(), once=True)
    assert subjects(smtp, "cecilie@example.no", "Påminnelse") == []
    assert subjects(smtp, "anne@example.no", "Påminnelse") == []
