"""A moderator's curated note, end to end through the real client and the fake
Discord: /curate add (a slash interaction by a moderator) -> the note shows up
in the next matching scenario reply (and only in matching ones), survives an
answer-button edit, follows /curate edit and disappears after /curate remove.
The note carries hostile text: it must come out inert like a member's post.

tests/curation/test_e2e_fakediscord.py covers the refusal for non-moderators
and the credit line; this file covers the life cycle of a note in replies.
"""
from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.support import client_errors, configure_guild, mention_problems, wait_until

pytestmark = pytest.mark.asyncio(loop_scope="session")

MATCHING = "My brother-in-law is my dentist. Is that a problem?"  # relationship in_law, has a question
OTHER = "I am a counselor and I would like to date a former client of mine."  # no in-law
NOTE = "Ask the practice to assign another dentist when family books in. {{ 7*191 }} @everyone <@&{role}>"
EDITED = "Updated: a colleague should do the treatment plan; you can still do cleanings."


def button_ids(message: Any) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row["components"]]


async def test_curated_note_appears_in_the_next_matching_reply_and_follows_edits(
    service: Any, settings: Any, analyzer: Any, live_bot: Any
) -> None:
    from tests.fakediscord import FakeDiscord

    async with FakeDiscord() as fake:
        gid, cid = fake.guild_id, fake.channel_id
        role = fake.world.add_role(gid, "Curators")
        morgan = fake.add_user("morgan", roles=[role["id"]])  # a moderator by role only
        await service.storage.set_moderator_role(gid, int(role["id"]))
        await configure_guild(service.storage, gid, [cid])
        note = NOTE.format(role=role["id"])
        async with live_bot(service, settings, fake=fake) as live:

            async def post(text: str, author: Any = None) -> Any:
                payload = await fake.dispatch_message(text, author=author or fake.alice)
                await live.idle([int(payload["id"])])
                [reply] = live.replies_to(int(payload["id"]))
                return reply

            async def slash(command: str, options: dict[str, Any]) -> Any:
                payload = fake.slash_interaction_payload(gid, cid, morgan, command, options)
                await fake.dispatch("INTERACTION_CREATE", payload)
                cb = await fake.wait_for_callback(payload["id"])
                await live.idle()
                return cb

            before = await post(MATCHING)
            assert "moderators" not in before.content.lower()

            cb = await slash("curate add", {"name": "Family at the dentist", "target": "in_law", "text": note})
            assert cb.ephemeral and "Family at the dentist" in cb.content
            [answer] = await service.storage.list_answers(gid)
            assert answer.author_id == int(morgan["id"]) and answer.body == note

            noted = await post(MATCHING, author=fake.bob)  # the next matching post
            assert "Ask the practice to assign another dentist" in noted.content
            assert "Morgan" in noted.content  # credited to the moderator
            assert "1337" not in noted.content  # the template syntax in the note stayed text
            assert "drb:report" in button_ids(noted)
            other = await post(OTHER, author=fake.bob)  # a scenario the note is not about
            assert "Ask the practice" not in other.content

            # the author answers the clarifying question: the edited reply keeps the note
            first_text = noted.content  # (the fake edits the stored message in place)
            answer_id = next(i for i in button_ids(noted) if i.startswith("drb:answer:"))
            click = fake.component_interaction_payload(noted.id, answer_id, fake.bob)
            await fake.dispatch("INTERACTION_CREATE", click)
            await wait_until(lambda: fake.message(noted.id).edits, what="the edited reply")
            await live.idle()
            edited_reply = fake.message(noted.id)
            assert edited_reply.content != first_text
            assert "Ask the practice to assign another dentist" in edited_reply.content

            cb = await slash("curate edit", {"name": "Family at the dentist", "text": EDITED})
            assert cb.ephemeral
            after_edit = await post(MATCHING)
            assert EDITED in after_edit.content and "Ask the practice" not in after_edit.content

            cb = await slash("curate remove", {"name": "Family at the dentist"})
            assert cb.ephemeral
            after_remove = await post(MATCHING, author=fake.bob)
            assert EDITED not in after_remove.content and "moderators" not in after_remove.content.lower()
            assert after_remove.content == before.content

            assert mention_problems(fake) == [] and client_errors(fake) == []
            # every page of every reply fits in a Discord message
            assert all(len(m.content) <= 2000 for m in fake.sent_messages(include_deleted=True))
