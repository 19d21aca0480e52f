"""What a rule owes at an instant: steps, catch-up after downtime, quiet hours, dedupe keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flows.calendar import WorkingCalendar
from flows.enums import Level
from flows.rules.defaults import DEFAULTS_BY_KEY
from flows.rules.evaluate import (
    Subject,
    evaluate,
    last_sent_steps,
    parse_dedupe_key,
    schedule_for,
)
from flows.rules.timing import QuietHours

MSK = ZoneInfo("Europe/Moscow")
CAL = WorkingCalendar()
UNASSIGNED = DEFAULTS_BY_KEY["unassigned"]
LOADING = DEFAULTS_BY_KEY["loading_near"]
HEAD, OTHER_HEAD = 7, 8


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MSK).astimezone(UTC)


def submitted(at: datetime, instance: str = "42") -> Subject:
    return Subject(
        instance=instance, start=at, recipients=(HEAD,), params={"number": "Т-1"}, request_id=42
    )


def run(rule, subjects, now, sent=None, quiet=None):  # type: ignore[no-untyped-def]
    return evaluate(rule, subjects, CAL, now, sent=sent or {}, quiet=quiet or {})


def test_nothing_is_owed_before_the_first_working_hour_passes():
    result = run(UNASSIGNED, [submitted(msk(2026, 3, 16, 10, 0))], msk(2026, 3, 16, 10, 59, 59))
    assert result.notices == ()


def test_the_first_escalation_is_step_zero_with_a_dedupe_key_per_item_and_step():
    result = run(UNASSIGNED, [submitted(msk(2026, 3, 16, 10, 0))], msk(2026, 3, 16, 11, 0))
    [notice] = result.notices
    assert (notice.step, notice.recipient, notice.late) == (0, HEAD, False)
    assert notice.dedupe_key == "rule:unassigned:42:0"
    assert notice.params["number"] == "Т-1" and notice.params["late"] is False


def test_a_step_already_written_is_not_written_again():
    subject = submitted(msk(2026, 3, 16, 10, 0))
    result = run(UNASSIGNED, [subject], msk(2026, 3, 16, 11, 30), sent={("42", HEAD): 0})
    assert result.notices == ()
    assert result.current_steps == {"42": 0}


def test_after_downtime_only_the_latest_step_is_sent_and_it_says_late():
    subject = submitted(msk(2026, 3, 16, 10, 0))
    result = run(UNASSIGNED, [subject], msk(2026, 3, 17, 12, 0))
    [notice] = result.notices
    assert notice.step == 10  # 11:00..18:00 on Monday is 0..7, then 09:00..12:00 on Tuesday
    assert notice.late is True
    assert notice.params["due"] == "16.03.2026 11:00"


def test_a_repeat_sent_on_time_after_earlier_ones_is_not_late():
    subject = submitted(msk(2026, 3, 16, 10, 0))
    result = run(UNASSIGNED, [subject], msk(2026, 3, 16, 12, 0, 30), sent={("42", HEAD): 0})
    [notice] = result.notices
    assert (notice.step, notice.late) == (1, False)


def test_quiet_hours_hold_a_message_until_they_end_and_it_is_not_late_then():
    quiet = {HEAD: QuietHours(ZoneInfo("Europe/London"), time(21), time(9))}
    subject = submitted(msk(2026, 3, 13, 17, 30))
    assert run(UNASSIGNED, [subject], msk(2026, 3, 16, 11, 59), quiet=quiet).notices == ()
    [notice] = run(UNASSIGNED, [subject], msk(2026, 3, 16, 12, 0), quiet=quiet).notices
    assert notice.late is False
    assert notice.step == 2


def test_an_urgent_rule_that_overrides_quiet_hours_sends_at_once():
    rule = replace(UNASSIGNED, quiet_override=True)
    quiet = {HEAD: QuietHours(ZoneInfo("Europe/London"), time(21), time(9))}
    [notice] = run(
        rule, [submitted(msk(2026, 3, 13, 17, 30))], msk(2026, 3, 16, 9, 30), quiet=quiet
    ).notices
    assert notice.step == 0


def test_a_reminder_never_overrides_quiet_hours_even_if_the_flag_is_set():
    rule = replace(UNASSIGNED, quiet_override=True, level=Level.reminder)
    quiet = {HEAD: QuietHours(ZoneInfo("Europe/London"), time(21), time(9))}
    assert (
        run(
            rule, [submitted(msk(2026, 3, 13, 17, 30))], msk(2026, 3, 16, 9, 30), quiet=quiet
        ).notices
        == ()
    )


def test_each_recipient_gets_their_own_message_and_quiet_hours():
    quiet = {OTHER_HEAD: QuietHours(MSK, time(9), time(12))}
    subject = replace(submitted(msk(2026, 3, 16, 10, 0)), recipients=(HEAD, OTHER_HEAD, HEAD))
    result = run(UNASSIGNED, [subject], msk(2026, 3, 16, 11, 0), quiet=quiet)
    assert [n.recipient for n in result.notices] == [HEAD]


def test_loading_near_falls_due_one_working_day_before_the_loading_day():
    loading_day = CAL.working_day_start(datetime(2026, 3, 17).date())
    subject = replace(
        submitted(msk(2026, 3, 10, 10, 0)), start=loading_day, not_before=msk(2026, 3, 10, 10, 0)
    )
    assert schedule_for(LOADING, subject, CAL).first == msk(2026, 3, 16, 9, 0)
    assert run(LOADING, [subject], msk(2026, 3, 16, 8, 59)).notices == ()
    assert len(run(LOADING, [subject], msk(2026, 3, 16, 9, 0)).notices) == 1


def test_loading_near_for_a_request_submitted_too_late_is_due_at_submission():
    loading_day = CAL.working_day_start(datetime(2026, 3, 17).date())
    subject = replace(
        submitted(msk(2026, 3, 16, 15, 0)), start=loading_day, not_before=msk(2026, 3, 16, 15, 0)
    )
    assert schedule_for(LOADING, subject, CAL).first == msk(2026, 3, 16, 15, 0)


def test_dedupe_keys_are_parsed_back_into_the_last_step_per_person():
    keys = [
        "rule:unassigned:42:0:7",
        "rule:unassigned:42:3:7",
        "rule:unassigned:42:1:8",
        "rule:other:42:9:7",
        "garbage",
    ]
    assert last_sent_steps("unassigned", keys) == {("42", 7): 3, ("42", 8): 1}
    assert parse_dedupe_key("bid_deadline", "rule:bid_deadline:5:2:0:9") == ("5:2", 0, 9)


def test_the_due_time_in_the_message_is_in_the_company_zone():
    [notice] = run(
        UNASSIGNED,
        [submitted(msk(2026, 3, 16, 10, 0))],
        msk(2026, 3, 16, 11, 0) + timedelta(seconds=30),
    ).notices
    assert notice.params["due"] == "16.03.2026 11:00"
