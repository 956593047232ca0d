"""The "Share in channel" button reposts the comparison visibly, through the response_url."""

from __future__ import annotations

from bot import ids
from tests.fakes import blockkit


def test_sharing_posts_the_comparison_in_channel_attributed_to_the_sharer(slack, slack_api):
    reply = slack.click(ids.SHARE_TOPIC, "risk", user_id="U222")
    assert reply.status == 200
    posted, deleted = slack_api.wait_for("response:r1", count=2)
    shared = posted.body
    assert shared["response_type"] == "in_channel"
    assert shared["replace_original"] is False
    assert shared["blocks"][0]["text"]["text"] == "2. Risk Identification"
    context = shared["blocks"][-1]
    assert context["type"] == "context"
    assert "Shared by <@U222>" in context["elements"][0]["text"]
    assert all(b["type"] != "actions" for b in shared["blocks"]), "no second share button"
    assert blockkit.problems(shared) == []
    # The private copy goes away once the channel has the comparison.
    assert deleted.body["delete_original"] is True


def test_sharing_an_unknown_topic_explains_instead_of_posting(slack, slack_api):
    slack.click(ids.SHARE_TOPIC, "no-such-topic")
    (answer,) = slack_api.wait_for("response:r1")
    assert "no longer exists" in answer.body["text"]
    assert answer.body.get("response_type") != "in_channel"


def test_a_failed_share_tells_the_person(slack, slack_api):
    slack_api.fail("response:r1", status=404, error="channel_not_found")
    slack.click(ids.SHARE_TOPIC, "planning")
    calls = slack_api.wait_for("response:r1", count=2)
    assert "couldn't share" in calls[1].body["text"]
    assert not any(c.body.get("delete_original") for c in calls)
