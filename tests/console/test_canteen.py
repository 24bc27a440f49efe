"""Canteen: cards and balances, the day's totals by meal and terminal, and
the reconciliation report, from an emulated canteen terminal (zkpush sim)."""

import subprocess
import unittest
from datetime import date

from harness import ZKPUSH, ConsoleTestCase


class Canteen(ConsoleTestCase):
    def test_cards_totals_and_reconciliation_show_what_the_canteen_terminal_sold(self):
        server = self.server()
        server.create_user("ana", "viewer")
        token = server.token("read")
        run = subprocess.run(
            [ZKPUSH, "sim", "--server", "http://%s:%d" % server.device, "--api", server.url, "--api-token", token,
             "--profile", "canteen", "--devices", "1", "--sn-prefix", "CANT", "--rate", "120", "--duration", "3",
             "--no-progress"], capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr)
        totals = server.api("GET", f"/api/v1/canteen/totals?date={date.today()}", token=token).json()
        self.assertGreater(totals["total"]["purchases"], 0)
        cards = server.api("GET", "/api/v1/canteen/cards", token=token).json()["items"]

        b = self.browser
        b.sign_in(server, "ana", page="#/canteen")
        b.wait_text("#main tbody", cards[0]["card_no"])
        row = b.cells()[0]
        self.assertEqual(row[0], cards[0]["card_no"])
        self.assertEqual(row[4], "%.2f" % (cards[0]["balance"]["main"] / 100))
        b.screenshot("canteen")

        b.click("#canteen-totals")
        b.wait_text("#totals tbody", "CANT00001")
        self.assertEqual(b.cells("#totals tfoot tr")[0][1:3],
                         [str(totals["total"]["purchases"]), "%.2f" % (totals["total"]["money"] / 100)])

        b.click("#canteen-reconciliation")
        b.wait_text("#canteen", "CANT00001")
        self.assertIn("No record number is missing.", b.text_of("#canteen"))

        b.open(server.url + "/#/canteen/" + cards[0]["card_no"])
        b.wait_text("#canteen", "Card " + cards[0]["card_no"])
        self.assertGreater(len(b.cells("#canteen tbody tr")), 0)


if __name__ == "__main__":
    unittest.main()
