"""Public sockets: a display counts only with its page's pass; one address holds a capped
number of public connections."""

from __future__ import annotations

import re

from contest.extensions import socketio
from tests.conftest import sign_in
from tests.judge_helpers import judge_client


def _pass(client, venue_id: int) -> str:
    page = client.get(f"/display/venues/{venue_id}").get_data(as_text=True)
    return re.search(r'data-pass="([^"]+)"', page).group(1)


def _audience(client, venue_id: int) -> dict:
    return client.get(f"/api/venues/{venue_id}/audience").get_json()


def _screen(app, venue_id: int, **auth) -> object:
    return socketio.test_client(app, auth={"audience": "display", "venue": venue_id, **auth})


def test_only_a_display_with_its_venues_pass_counts_as_a_display(app, client, staff, demo):
    from tests.security.identities import second_venue

    venue, other = demo.venues[0].id, second_venue(demo).id
    anonymous = app.test_client()
    hall_pass, other_pass = _pass(anonymous, venue), _pass(anonymous, other)
    forged = hall_pass[:-4] + ("AAAA" if not hall_pass.endswith("AAAA") else "BBBB")
    claims = [
        _screen(app, venue),  # what any script can send: counted as a viewer
        _screen(app, venue, **{"pass": other_pass}),  # another venue's display
        _screen(app, venue, **{"pass": forged}),
        _screen(app, venue, **{"pass": ["not", "a", "string"]}),
    ]
    assert all(c.is_connected() for c in claims)  # each still follows the venue
    assert all(c.get_received()[0]["name"] == "stage_updated" for c in claims)
    sign_in(client, "host1")
    assert _audience(client, venue) == {"display": 0, "viewer": 4}

    real = _screen(app, venue, **{"pass": hall_pass})
    again = _screen(app, venue, **{"pass": hall_pass})  # the same page's pass: one display
    second_page = _screen(app, venue, **{"pass": _pass(anonymous, venue)})
    assert _audience(client, venue) == {"display": 2, "viewer": 4}
    real.disconnect()
    assert _audience(client, venue) == {"display": 2, "viewer": 4}  # `again` holds the pass
    again.disconnect()
    second_page.disconnect()
    assert _audience(client, venue) == {"display": 0, "viewer": 4}


def test_one_address_holds_a_capped_number_of_public_sockets(app, client, staff, demo):
    app.config["CONTEST_PUBLIC_SOCKETS_PER_ADDRESS"] = 3
    venue = demo.venues[0].id
    viewers = [
        socketio.test_client(app, auth={"audience": "viewer", "venue": venue}) for _ in range(3)
    ]
    refused = socketio.test_client(app, auth={"audience": "viewer", "venue": venue})
    display = _screen(app, venue, **{"pass": _pass(app.test_client(), venue)})
    assert [v.is_connected() for v in viewers] == [True, True, True]
    assert (refused.is_connected(), display.is_connected()) == (False, False)
    # Judges and hosts are signed in: the cap is for anonymous screens only.
    judge = socketio.test_client(
        app, flask_test_client=judge_client(app, 1), auth={"audience": "judge"}
    )
    sign_in(client, "host1")
    host = socketio.test_client(
        app, flask_test_client=client, auth={"audience": "host", "venue": venue}
    )
    assert (judge.is_connected(), host.is_connected()) == (True, True)
    assert _audience(client, venue) == {"display": 0, "viewer": 3}
    viewers[0].disconnect()
    later = socketio.test_client(app, auth={"audience": "viewer", "venue": venue})
    assert later.is_connected()
    assert _audience(client, venue) == {"display": 0, "viewer": 3}
