"""Audit schedules and what is due (read: schedule.read; set, change, remove: schedule.manage)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response as HttpResponse

from server.api.paging import page, path_id
from server.domain.list_filters import Filter, one_of, parse
from server.domain.schedules import due, store, views
from server.http.routing import ApiRoute, Call, Param, json_response, query_params
from server.schema import Body, Int, Str, Uuid

MONTHS = Int(low=due.INTERVAL_MIN, high=due.INTERVAL_MAX)
SCHEDULE = Body({"building_id": Uuid(required=False), "campus_id": Uuid(required=False),
                 "checklist_id": Str(max_length=80, min_length=1), "interval_months": MONTHS,
                 "responsible_id": Uuid()})
SCHEDULE_UPDATE = Body({"interval_months": Int(low=due.INTERVAL_MIN, high=due.INTERVAL_MAX, required=False),
                        "responsible_id": Uuid(required=False)})
ID = (Param("id", "The schedule's id.", "path"),)
MINE = Filter("mine", "1: only the schedules the caller is responsible for.", one_of(("1",)))
FILTERS = (Filter("state", "Only schedules in this state.", one_of(views.STATES)), MINE)


async def _standings(call: Call, mine: str) -> list[views.Standing]:
    return await views.standings(await store.all_schedules(mine=call.me.user_id if mine else ""))


async def list_schedules(call: Call) -> dict[str, Any]:
    wanted = parse(FILTERS, call.request.query_params)
    items = [views.schedule_json(st, call.lang) for st in await _standings(call, wanted["mine"])
             if not wanted["state"] or st.state == wanted["state"]]
    return page(items, len(items))


async def due_schedules(call: Call) -> dict[str, Any]:
    mine = parse((MINE,), call.request.query_params)["mine"]
    found = await _standings(call, mine)
    return {"today": due.today().isoformat(), "due_soon_days": due.DUE_SOON_DAYS,
            **{state: [views.schedule_json(st, call.lang) for st in found if st.state == state]
               for state in ("overdue", "due_soon")}}


async def create_schedules(call: Call) -> HttpResponse:
    made = await views.standings(await store.create(call.me, dict(call.body)))
    return json_response(page([views.schedule_json(st, call.lang) for st in made], len(made)), 201)


async def show_schedule(call: Call) -> dict[str, Any]:
    [st] = await views.standings([await store.get_schedule(path_id(call))])
    return {**views.schedule_json(st, call.lang), "plan": await views.plan_for(st)}


async def update_schedule(call: Call) -> dict[str, Any]:
    schedule = await store.update(await store.get_schedule(path_id(call)), dict(call.body))
    [st] = await views.standings([schedule])
    return views.schedule_json(st, call.lang)


async def remove_schedule(call: Call) -> HttpResponse:
    await store.remove(await store.get_schedule(path_id(call)))
    return HttpResponse(status_code=204)


async def list_responsibles(call: Call) -> dict[str, Any]:
    items = await store.responsibles()
    return page(items, len(items))


R, W = "schedule.read", "schedule.manage"
ROUTES = [
    ApiRoute("GET", "/schedules", list_schedules, "Every audit schedule, soonest due first, with where it stands.",
             R, response="ScheduleList", query=query_params(FILTERS)),
    ApiRoute("POST", "/schedules", create_schedules, "Schedule audits of a building, or of every building of a "
             "campus that has none for the checklist, every interval_months months (1 to 120).", W,
             body=SCHEDULE, response="ScheduleList", status=201, errors=(409, 422)),
    ApiRoute("GET", "/schedules/due", due_schedules, f"Scheduled audits overdue, and due in the next "
             f"{due.DUE_SOON_DAYS} days.", R, response="SchedulesDue", query=query_params((MINE,))),
    ApiRoute("GET", "/schedules/people", list_responsibles, "Active people who may be responsible for a "
             "schedule (committee members and administrators).", W, response="PersonList"),
    ApiRoute("GET", "/schedules/{id}", show_schedule, "One schedule, with what \"Plan this audit\" fills in.", R,
             response="ScheduleDetail", query=ID, errors=(404,)),
    ApiRoute("PATCH", "/schedules/{id}", update_schedule, "Change a schedule's interval or responsible member.", W,
             body=SCHEDULE_UPDATE, partial=True, response="Schedule", query=ID, errors=(404, 422)),
    ApiRoute("DELETE", "/schedules/{id}", remove_schedule, "Remove a schedule (and its reminders).", W,
             status=204, query=ID, errors=(404,)),
]
