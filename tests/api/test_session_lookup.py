"""Every request but the public ones looks its session up: one SQL statement, whatever the person's roles."""

from __future__ import annotations

from query_count import counting_queries

from server.auth.sessions import actor_for_token, start_session
from server.domain.people.users import create_user


async def test_a_session_is_looked_up_in_one_statement(db):
    user = await create_user("two.roles@hospital.example", "Two Roles", ["auditor", "committee"])
    token = await start_session(user, 12)
    with counting_queries() as log:
        actor = await actor_for_token(token, 12)
    assert actor is not None and len(log) == 1, log.statements
    assert (actor.user_id, actor.email, actor.name, actor.roles, actor.lang) == (
        str(user.id), "two.roles@hospital.example", "Two Roles", frozenset({"auditor", "committee"}), None)
    assert await actor_for_token(token + "x", 12) is None
