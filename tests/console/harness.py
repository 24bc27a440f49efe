"""What the console's browser tests stand on: the real zkpush binary on
ephemeral ports, terminals speaking the protocol over raw sockets (or
`zkpush sim`), and headless Chromium driven by Selenium (Debian's chromium,
chromium-driver and python3-selenium).

Tests wait for conditions (`eventually`, WebDriverWait), never for a fixed
time."""

import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ZKPUSH = os.environ.get("ZKPUSH_BINARY", "zkpush")
SCREENSHOTS = os.environ.get("ZKPUSH_SCREENSHOTS", "console-screenshots")
PASSWORD = "correct horse"
WAIT_S = 15


def eventually(check, timeout=WAIT_S, interval=0.05):
    """Calls `check` until it returns something true; returns that."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s: {check}")
        time.sleep(interval)


class Reply:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


def request(address, method, target, body=None, headers=None):
    host, port = address
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        data = body.encode() if isinstance(body, str) else body
        conn.request(method, target, body=data, headers=headers or {})
        r = conn.getresponse()
        return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


class Server:
    """`zkpush serve` in a temporary folder, on ephemeral ports."""

    def __init__(self, *extra, data=None):
        self.data = data or tempfile.mkdtemp(prefix="zkpush-console-")
        self.extra = list(extra)
        self.log = []
        self.device = self.api_address = ("127.0.0.1", 0)
        self.start()

    def start(self):
        """Starts on the ports it had (ephemeral ones the first time)."""
        self.log = []
        self.proc = subprocess.Popen(
            [ZKPUSH, "serve", "--listen", "%s:%d" % self.device, "--api-listen", "%s:%d" % self.api_address,
             "--data", self.data, "--log-level", "info", *self.extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read_log, daemon=True).start()
        listening = {}
        for line in self.proc.stdout:
            m = re.match(r"listening (\w+)=([\d.]+):(\d+)", line)
            if m:
                listening[m.group(1)] = (m.group(2), int(m.group(3)))
            if "api" in listening:
                break
        if "api" not in listening:
            raise RuntimeError("zkpush did not start: " + "".join(self.log))
        self.device, self.api_address = listening["device"], listening["api"]
        self.url = f"http://{self.api_address[0]}:{self.api_address[1]}"

    def _read_log(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def setup_code(self):
        line = eventually(lambda: next((l for l in self.log if "setup code" in l), None))
        return re.search(r"setup code ([A-Z0-9-]+)", line).group(1)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()
        self.proc.stderr.close()

    def restart(self):
        self.stop()
        self.start()

    def close(self):
        if self.proc.poll() is None:
            self.stop()
        shutil.rmtree(self.data, ignore_errors=True)

    # --- the command line and the API with a token -------------------------
    def zkpush(self, *args, stdin=None):
        return subprocess.run([ZKPUSH, *args, "--data", self.data], input=stdin, capture_output=True, text=True,
                              timeout=60)

    def create_user(self, name, role, password=PASSWORD):
        r = self.zkpush("user", "create", "--name", name, "--role", role, stdin=password + "\n")
        assert r.returncode == 0, r.stderr

    def token(self, scope="admin"):
        r = self.zkpush("token", "create", "--name", f"test-{scope}", "--scope", scope)
        assert r.returncode == 0, r.stderr
        return r.stdout.strip()

    def api(self, method, path, body=None, token=None, headers=None):
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        if body is not None:
            h["Content-Type"] = "application/json"
            body = json.dumps(body)
        return request(self.api_address, method, path, body, h)


class Terminal:
    """One attendance terminal (PUSH 2.4.1) speaking over raw sockets."""

    def __init__(self, server, sn):
        self.server, self.sn, self.stamp = server, sn, 0

    def get(self, target):
        return request(self.server.device, "GET", target)

    def post(self, target, body):
        return request(self.server.device, "POST", target, body)

    def handshake(self):
        return self.get(f"/iclock/cdata?SN={self.sn}&options=all&pushver=2.4.1&language=69")

    def info(self, users=0, fingerprints=0, faces=0, firmware="Ver 8.0.4.2-20220714"):
        # The INFO a terminal sends on its polls (004: getrequest INFO=).
        return self.get(f"/iclock/getrequest?SN={self.sn}&INFO={firmware.replace(' ', '%20')},{users},{fingerprints},0,"
                        f"192.168.1.20,10,7,12,{faces},111")

    def punch(self, pin, at, status=0, verify=1):
        self.stamp += 1
        line = f"{pin}\t{at}\t{status}\t{verify}\t0\t0\t0\n"
        return self.post(f"/iclock/cdata?SN={self.sn}&table=ATTLOG&Stamp={self.stamp}", line)

    def poll(self):
        return self.get(f"/iclock/getrequest?SN={self.sn}")

    def reply(self, command_id, cmd, ret=0, extra=""):
        return self.post(f"/iclock/devicecmd?SN={self.sn}", f"ID={command_id}&Return={ret}&CMD={cmd}\n{extra}")


class Browser:
    """Headless Chromium; one per test class."""

    def __init__(self):
        options = Options()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                    "--disable-gpu", "--lang=en-US"):
            options.add_argument(arg)
        service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_script_timeout(WAIT_S)

    def open(self, url):
        self.driver.get(url)

    def wait(self, condition, timeout=WAIT_S):
        return WebDriverWait(self.driver, timeout).until(condition)

    def find(self, css):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def cells(self, css="#main tbody tr"):
        """The text of each cell of each row, read at once (rows a page
        redraws cannot go stale halfway)."""
        return self.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(r => [...r.cells].map(c => c.innerText.trim()))",
            css)

    def text_of(self, css):
        return self.find(css).text

    def wait_text(self, css, text, timeout=WAIT_S):
        """Waits until the element's text contains `text`."""
        return self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text), timeout)

    def fill(self, css, value):
        """Types `value` over what the field holds (as a person would, so
        the page hears every keystroke)."""
        el = self.find(css)
        el.send_keys(Keys.CONTROL, "a")
        el.send_keys(Keys.DELETE)
        if value:
            el.send_keys(value)
        return el

    def click(self, css):
        el = self.wait(EC.element_to_be_clickable((By.CSS_SELECTOR, css)))
        # In the middle of the window (at its edge a toast may cover it), at
        # once: Bootstrap makes scrolling smooth, and a click during it misses.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", el)
        el.click()
        return el

    def fetch(self, method, path, body=None, headers=None):
        """fetch() from the page itself (same origin, the session cookie)."""
        return self.driver.execute_async_script(
            "const [method, path, body, headers, done] = arguments;"
            "fetch(path, {method, headers: Object.assign({'Content-Type': 'application/json'}, headers || {}),"
            " body: body === null ? undefined : JSON.stringify(body), credentials: 'same-origin'})"
            ".then(async r => done({status: r.status, body: await r.text()}))"
            ".catch(e => done({status: 0, body: String(e)}));",
            method, path, body, headers)

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        self.driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))

    def sign_in(self, server, name, password=PASSWORD, page="#/overview"):
        self.open(server.url + "/" + page)
        self.fill("input[name=name]", name)
        self.fill("input[name=password]", password)
        self.click("button[type=submit]")
        self.find("#account-menu")

    def quit(self):
        self.driver.quit()


class ConsoleTestCase(unittest.TestCase):
    """A browser for the class; each test starts its own server."""

    @classmethod
    def setUpClass(cls):
        cls.browser = Browser()

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()

    def server(self, *extra):
        server = Server(*extra)
        self.addCleanup(server.close)
        # Cleanups run last first: the page lets go of the server (its
        # keep-alive connections and event stream) before the server stops.
        self.addCleanup(self.browser.open, "about:blank")
        self.browser.driver.delete_all_cookies()
        return server
