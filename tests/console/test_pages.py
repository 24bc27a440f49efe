"""Each page shows what the terminals produced: terminals speak the protocol
over raw sockets, the page is read in headless Chromium, and the values on
it are asserted. Screenshots of each page go to ZKPUSH_SCREENSHOTS."""

import base64
import csv
import io
import time
import unittest
from datetime import datetime

from selenium.webdriver.common.keys import Keys

from harness import ConsoleTestCase, Terminal, eventually


def now_local():
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


class Pages(ConsoleTestCase):
    def signed_in_server(self, *extra, role="admin"):
        server = self.server(*extra)
        server.create_user("ana", role)
        return server

    def test_overview_and_terminals_show_what_the_terminals_reported(self):
        server = self.signed_in_server()
        terminals = [Terminal(server, f"OVR{i:03d}") for i in range(3)]
        for i, t in enumerate(terminals):
            self.assertEqual(t.handshake().status, 200)
            self.assertEqual(t.info(users=10 + i, fingerprints=20 + i, faces=i).status, 200)
        for pin in ("1", "2", "3", "4"):
            self.assertEqual(terminals[0].punch(pin, now_local()).body, b"OK: 1")
        terminals[1].punch("7", now_local())
        # OVR002's clock runs 10 minutes ahead: its punch is "from the future".
        ahead = datetime.fromtimestamp(time.time() + 630).strftime("%Y-%m-%d %H:%M:%S")
        terminals[2].punch("9", ahead)
        b = self.browser
        b.sign_in(server, "ana")
        b.wait_text("#stat-online", "3 / 3")
        b.wait_text("#stat-punches", "6")
        b.wait_text("#attention", "Clock off")
        self.assertRegex(b.text_of("#attention li[data-kind=clock_skew]"), r"10 min \d+ s ahead")
        self.assertIn("OVR002", b.text_of("#attention li[data-kind=clock_skew]"))
        self.assertEqual(b.text_of("#stat-pending"), "0")
        b.screenshot("overview")

        b.click("a[href='#/terminals']")
        b.wait_text("#main tbody", "OVR002")
        rows = b.cells()
        self.assertEqual([r[0] for r in rows], ["OVR000", "OVR001", "OVR002"])
        self.assertEqual(rows[0][2], "online")
        self.assertEqual(rows[0][7], "Ver 8.0.4.2-20220714")
        self.assertEqual(rows[0][4], "just now")  # its last punches
        self.assertEqual(rows[1][5], "on time")
        self.assertRegex(rows[2][5], r"^10 min \d+ s ahead$")
        # Users, fingerprints, faces and pending commands of OVR001.
        self.assertEqual(rows[1][8:12], ["11", "21", "1", "0"])
        b.screenshot("terminals")
        # The firmware filter offers what the terminals reported.
        b.find("select[aria-label=Firmware] option[value='Ver 8.0.4.2-20220714']")
        # Search and sort happen on the server.
        b.fill("#terminal-search", "ovr002")
        eventually(lambda: [r[0] for r in b.cells()] == ["OVR002"])
        b.fill("#terminal-search", "")
        eventually(lambda: len(b.cells()) == 3)
        b.click("th:nth-child(9) .table-sort")  # users, ascending
        b.click("th:nth-child(9) .table-sort")  # descending
        eventually(lambda: [r[0] for r in b.cells()] == ["OVR002", "OVR001", "OVR000"])

        b.click("#main tbody tr:first-child a")
        b.wait_text("h1", "OVR002")
        b.wait_text("#terminal-tab", "UserCount")
        self.assertIn("12", b.text_of("#terminal-tab"))
        b.screenshot("terminal")

    def test_clock_skew_and_silence_come_from_the_punches_terminals_send(self):
        server = self.server()
        token = server.token("read")
        behind, backlog, quiet = Terminal(server, "SKEW001"), Terminal(server, "SKEW002"), Terminal(server, "SKEW003")
        for t in (behind, backlog, quiet):
            t.handshake()
        # One punch, five minutes old: a real-time upload from a clock behind.
        behind.punch("1", datetime.fromtimestamp(time.time() - 300).strftime("%Y-%m-%d %H:%M:%S"))
        # A backlog of old punches says nothing about the clock.
        backlog.post(f"/iclock/cdata?SN=SKEW002&table=ATTLOG&Stamp=9",
                     "2\t2026-01-01 08:00:00\t0\t1\t0\t0\t0\n3\t2026-01-01 09:00:00\t0\t1\t0\t0\t0\n")
        devices = {d["sn"]: d for d in server.api("GET", "/api/v1/devices?limit=10", token=token).json()["items"]}
        self.assertTrue(-310 <= devices["SKEW001"]["clock_skew_s"] <= -295, devices["SKEW001"])
        self.assertIsNone(devices["SKEW002"]["clock_skew_s"])
        self.assertIsNotNone(devices["SKEW002"]["last_data"])
        self.assertIsNone(devices["SKEW003"]["last_data"])
        overview = server.api("GET", "/api/v1/overview?silent_hours=1", token=token).json()
        self.assertEqual(overview["attention_counts"].get("clock_skew"), 1)
        # Known for under an hour: not silent yet.
        self.assertNotIn("silent", overview["attention_counts"])

    def test_the_console_works_at_phone_width_by_keyboard_and_in_dark(self):
        server = self.signed_in_server()
        Terminal(server, "PHONE01").handshake()
        b = self.browser
        b.sign_in(server, "ana")
        b.driver.set_window_size(390, 844)
        self.addCleanup(b.driver.set_window_size, 1280, 900)
        b.open(server.url + "/#/terminals")
        b.wait_text("#main tbody", "PHONE01")
        # The menu folds behind a labelled button that opens from the keyboard.
        toggler = b.find("button.navbar-toggler")
        self.assertEqual(toggler.get_attribute("aria-label"), "Menu")
        toggler.send_keys(Keys.ENTER)
        b.find("#menu a[href='#/people']").send_keys(Keys.ENTER)
        b.wait_text("h1", "People")
        # Every form control has a label.
        b.open(server.url + "/#/people/new")
        b.find("#person-pin")
        unlabelled = b.driver.execute_script(
            "return [...document.querySelectorAll('#main input, #main select')].filter(e => !e.labels.length && "
            "!e.getAttribute('aria-label')).map(e => e.outerHTML)")
        self.assertEqual(unlabelled, [])
        b.screenshot("phone")
        # Dark, from the account menu; remembered.
        b.driver.set_window_size(1280, 900)
        b.click("#account-menu")
        b.click("#theme-switch")
        eventually(lambda: b.driver.execute_script("return document.documentElement.dataset.theme") == "dark")
        background = b.driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        self.assertEqual(background, "rgb(21, 25, 30)")
        b.open(server.url + "/#/overview")
        b.find("#stat-online")
        self.assertEqual(b.driver.execute_script("return document.documentElement.dataset.theme"), "dark")
        b.screenshot("overview-dark")
        b.driver.execute_script("localStorage.removeItem('zkpush.theme')")

    def test_a_punch_appears_in_live_within_two_seconds_and_after_a_restart(self):
        server = self.signed_in_server()
        t = Terminal(server, "LIVE001")
        t.handshake()
        b = self.browser
        b.sign_in(server, "ana", page="#/live")
        b.wait_text("#live-state", "live")
        self.assertEqual(t.punch("1452", "2026-12-07 08:01:02").body, b"OK: 1")
        b.wait_text("#live-rows", "2026-12-07 08:01:02", timeout=2)
        self.assertIn("LIVE001", b.text_of("#live-rows"))
        # The terminal's photo of that punch joins its row (a JPEG the browser draws).
        jpeg = base64.b64decode(b.driver.execute_script(
            "const c = document.createElement('canvas'); c.width = 8; c.height = 6;"
            "const g = c.getContext('2d'); g.fillStyle = '#9ab'; g.fillRect(0, 0, 8, 6);"
            "return c.toDataURL('image/jpeg').split(',')[1]"))
        photo = f"PIN=20261207080102-1452.jpg\nSN=LIVE001\nsize={len(jpeg)}\nCMD=uploadphoto".encode() + b"\0" + jpeg
        self.assertEqual(t.post("/iclock/cdata?SN=LIVE001&table=ATTPHOTO&Stamp=1", photo).body, b"OK")
        img = b.find("#live-rows img[alt='Photo of 1452']")
        eventually(lambda: b.driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) == 8)
        b.screenshot("live")

        server.restart()
        t.handshake()
        self.assertEqual(t.punch("1453", "2026-12-07 08:05:00").body, b"OK: 1")
        b.wait_text("#live-rows", "2026-12-07 08:05:00", timeout=20)
        self.assertEqual(b.text_of("#live-state"), "live")
        # Each punch once.
        self.assertEqual(len(b.all("#live-rows tr")), 2)
        # Filtered by person, then by terminal, in the page.
        shown = lambda: [r.get_attribute("data-pin") for r in b.all("#live-rows tr") if r.is_displayed()]
        b.fill("input[aria-label='Person (PIN)']", "1452")
        eventually(lambda: shown() == ["1452"])
        b.fill("input[aria-label='Person (PIN)']", "")
        b.fill("input[aria-label='Terminal serial number']", "LIVE002")
        eventually(lambda: shown() == [])
        b.fill("input[aria-label='Terminal serial number']", "LIVE001")
        eventually(lambda: shown() == ["1453", "1452"])

    def test_attendance_lists_the_selection_and_the_csv_holds_the_same_records(self):
        server = self.signed_in_server()
        t = Terminal(server, "ATT001")
        t.handshake()
        for pin, at in (("11", "2026-11-30 08:00:00"), ("12", "2026-12-01 08:30:00"), ("11", "2026-12-01 17:00:00"),
                        ("13", "2026-12-02 09:00:00")):
            t.punch(pin, at)
        b = self.browser
        b.sign_in(server, "ana", page="#/attendance?from=2026-12-01&to=2026-12-01")
        b.wait_text("#main tbody", "2026-12-01 17:00:00")
        self.assertEqual([r[0] for r in b.cells()], ["2026-12-01 08:30:00", "2026-12-01 17:00:00"])
        b.screenshot("attendance")
        href = b.find("#attendance-csv").get_attribute("href")
        self.assertIn("from=2026-12-01", href)
        body = b.driver.execute_async_script(
            "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(arguments[1])", href)
        rows = list(csv.DictReader(io.StringIO(body)))
        self.assertEqual([(r["pin"], r["time"]) for r in rows], [("12", "2026-12-01 08:30:00"), ("11", "2026-12-01 17:00:00")])

    def test_approving_a_waiting_terminal_lets_it_upload(self):
        server = self.signed_in_server("--admission", "approve")
        t = Terminal(server, "WAIT001")
        t.handshake()
        self.assertNotEqual(t.punch("1", "2026-12-07 07:00:00").status, 200)  # kept on the terminal
        b = self.browser
        b.sign_in(server, "ana")
        b.wait_text("#stat-pending", "1")
        b.wait_text("#attention", "WAIT001")
        b.click("a[href='#/admission']")
        b.wait_text("#main tbody", "WAIT001")
        b.screenshot("admission")
        b.click("button[data-approve='WAIT001']")
        b.wait_text("#main", "No terminal is waiting.")
        self.assertEqual(t.punch("1", "2026-12-07 07:00:00").body, b"OK: 1")
        b.open(server.url + "/#/attendance?from=2026-12-07&to=2026-12-07")
        b.wait_text("#main tbody", "WAIT001")

    def test_a_command_queued_on_the_terminal_page_goes_to_done(self):
        server = self.signed_in_server(role="operator")
        t = Terminal(server, "CMD001")
        t.handshake()
        b = self.browser
        b.sign_in(server, "ana", page="#/terminals/CMD001?tab=commands")
        b.wait_text("#main", "No commands yet.")
        b.click("#terminal-actions")
        b.click("button[data-action='info']")
        b.wait_text("#toasts", "queued")
        polled = t.poll().body.decode()
        self.assertRegex(polled, r"^C:\d+:INFO\n$")
        command_id = polled.split(":")[1]
        self.assertEqual(t.reply(command_id, "INFO", extra="~DeviceName=MB460\nUserCount=3\n").body, b"OK")
        b.open(server.url + "/#/terminals/CMD001?tab=reported")  # another tab, then back
        b.open(server.url + "/#/terminals/CMD001?tab=commands")
        b.wait_text("#terminal-tab tbody", "done")
        self.assertIn("INFO", b.text_of("#terminal-tab tbody"))
        b.screenshot("terminal-commands")
        b.click("a[href='#/commands']")
        b.wait_text("#main tbody", "CMD001")
        self.assertIn("done", b.text_of("#main tbody"))
        b.screenshot("commands")
        # A destructive action asks first and says what it does.
        b.open(server.url + "/#/terminals/CMD001")
        b.click("#terminal-actions")
        b.click("button[data-action='clear-log']")
        b.wait_text(".modal-body", "deletes every punch")
        b.click(".modal-footer .btn-secondary")
        eventually(lambda: not b.all(".modal"))
        self.assertEqual(t.poll().body, b"OK")  # nothing was queued


if __name__ == "__main__":
    unittest.main()
