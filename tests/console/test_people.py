"""People and groups: a person created in a group goes pending -> synced in
the sync grid as the terminal takes them; a failed one can be resent."""

import re
import unittest

from harness import ConsoleTestCase, Terminal, eventually


class People(ConsoleTestCase):
    def server_with_group(self, sn, group_name):
        """A server with an operator account, a terminal and a device group."""
        server = self.server()
        server.create_user("ana", "operator")
        token = server.token()
        t = Terminal(server, sn)
        t.handshake()
        group = server.api("POST", "/api/v1/device-groups", {"name": group_name}, token=token).json()
        return server, token, t, group

    def test_a_person_created_in_a_group_goes_from_pending_to_synced_in_the_grid(self):
        server, token, t, group = self.server_with_group("SYNC001", "Head office")
        b = self.browser
        b.sign_in(server, "ana", page="#/groups")
        b.wait_text("#groups", "Head office")
        b.click("#groups a")
        b.fill("#add-terminal", "SYNC001")
        b.click("#main form button[type=submit]")
        b.wait_text("#group-terminals", "SYNC001")
        b.screenshot("group")

        b.open(server.url + "/#/people/new")
        b.fill("#person-pin", "1452")
        b.fill("#person-name", "Ana Lima")
        b.fill("#person-card", "4401")
        b.click(f"#group-{group['id']}")
        b.click("#main form button[type=submit]")
        b.wait_text("h1", "Ana Lima (1452)")
        b.screenshot("person")
        # The list, and the group's people.
        b.open(server.url + "/#/people")
        b.wait_text("#main tbody", "Ana Lima")
        row = b.cells()[0]
        self.assertEqual(row[:4], ["1452", "Ana Lima", "4401", "User"])
        self.assertEqual(row[5], "user:ana")  # changed by
        b.screenshot("people")
        b.open(server.url + f"/#/groups/{group['id']}")
        b.wait_text("#group-people", "1452 Ana Lima")

        b.open(server.url + f"/#/people?view=grid&group={group['id']}")
        b.wait_text("#sync-grid tbody", "1452 Ana Lima")
        eventually(lambda: b.cells("#sync-grid tbody tr")[0][1:] == ["pending"])
        b.screenshot("sync-grid-pending")

        commands = eventually(lambda: re.findall(r"C:(\d+):(DATA UPDATE USERINFO PIN=1452\t[^\n]*)", t.poll().body.decode()))
        command_id, text = commands[0]
        self.assertIn("Name=Ana Lima", text)
        self.assertIn("Card=4401", text)
        self.assertEqual(t.reply(command_id, "DATA").body, b"OK")
        b.click("#grid-refresh")
        eventually(lambda: b.cells("#sync-grid tbody tr")[0][1:] == ["synced"])
        b.screenshot("sync-grid")

    def test_a_person_the_terminal_refused_shows_failed_and_can_be_resent(self):
        server, token, t, group = self.server_with_group("FAIL001", "Gate")
        server.api("PATCH", "/api/v1/devices/FAIL001", {"group_id": group["id"]}, token=token)
        server.api("POST", "/api/v1/persons", {"pin": "7", "name": "Bo", "groups": [group["id"]]}, token=token)
        command_id = eventually(lambda: re.findall(r"C:(\d+):DATA UPDATE USERINFO", t.poll().body.decode()))[0]
        t.reply(command_id, "DATA", ret=-1002)
        b = self.browser
        b.sign_in(server, "ana", page=f"#/people?view=grid&group={group['id']}")
        eventually(lambda: b.cells("#sync-grid tbody tr")[:1] and b.cells("#sync-grid tbody tr")[0][1].startswith("failed"))
        b.click("#sync-grid td.sync-failed button")
        b.wait_text("#toasts", "Sending 7 again to FAIL001")
        eventually(lambda: "DATA UPDATE USERINFO PIN=7" in t.poll().body.decode())
        eventually(lambda: b.cells("#sync-grid tbody tr")[0][1] == "pending")


if __name__ == "__main__":
    unittest.main()
