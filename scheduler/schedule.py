"""The schedule, in one readable table.

Each target is called as target(day) inside an app context; the real ones run their job's
steps (scheduler/jobs.py) under the job's claim, so several scheduler processes, or a
manual run during the scheduled one, do the work once.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    time_setting: str  # config key holding "HH:MM" (Europe/Chisinau)
    weekdays: str  # cron day_of_week
    target: str  # "module:function", called with (day) and returning a summary string
    catch_up: bool  # run at start-up when the scheduler starts after the hour
    description: str


SCHEDULE: list[ScheduledJob] = [
    ScheduledJob(
        name="delivery-lists",
        time_setting="DELIVERY_LIST_TIME",
        weekdays="mon-sun",
        target="scheduler.jobs:generate_delivery_lists",
        catch_up=True,
        description="Freeze today's delivery list for every route of every serving site.",
    ),
    ScheduledJob(
        name="backup",
        time_setting="BACKUP_TIME",
        weekdays="mon-sun",
        target="scheduler.jobs:nightly_backup",
        catch_up=False,
        description="Back the database up and keep the newest copies.",
    ),
    ScheduledJob(
        name="retention",
        time_setting="RETENTION_TIME",
        weekdays="mon-sun",
        target="scheduler.jobs:apply_retention",
        catch_up=False,
        description="Anonymise people past their retention; remove old exports and uploads.",
    ),
    # Daily, not only on the 1st: the first run on or after the month's first service day
    # writes last month; a day the scheduler was down is made up the next morning.
    ScheduledJob(
        name="monthly-reports",
        time_setting="MONTHLY_REPORTS_TIME",
        weekdays="mon-sun",
        target="scheduler.jobs:write_monthly_reports",
        catch_up=False,
        description="Write last month's summary and registers into the exports folder once.",
    ),
]


def resolve(target: str) -> Callable:
    module_name, func_name = target.split(":")
    module = __import__(module_name, fromlist=[func_name])
    return getattr(module, func_name)
