"""A small Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (no ports, no
extra packages): open a local page in headless Debian Chromium with every network request
blocked, collect console errors and outside requests, evaluate JavaScript, take screenshots.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from finsam_data.render import chromium, chromium_args

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome-error:", "devtools:")


@dataclass
class PageReport:
    """What happened while a page was open."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


class Browser:
    """Headless Chromium driven over a pipe. Use as a context manager."""

    def __init__(self, width: int = 1280, height: int = 900) -> None:
        path = chromium()
        if path is None:
            raise RuntimeError("Chromium saknas")
        self._profile = tempfile.TemporaryDirectory(prefix="fsb-")
        profile = Path(self._profile.name)
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def child_fds() -> None:
            # Chromium reads commands from fd 3 and writes answers to fd 4. Move both ends
            # out of the way first so neither dup2 overwrites the other.
            high_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 100)
            high_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 100)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        env = {**os.environ, "HOME": str(profile), "XDG_CONFIG_HOME": str(profile),
               "XDG_CACHE_HOME": str(profile)}
        self._proc = subprocess.Popen(
            [str(path), *chromium_args(profile), "--remote-debugging-pipe",
             f"--window-size={width},{height}", "--hide-scrollbars", "about:blank"],
            pass_fds=(3, 4),  # Popen closes other fds after preexec_fn
            preexec_fn=child_fds,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self.width, self.height = width, height

    # -- protocol ---------------------------------------------------------------------------

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        return self._next_id

    def _read(self, timeout: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if not ready:
                return None
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium stängde anslutningen")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict[str, Any]:
        """Send a command and wait for its answer (events meanwhile are queued)."""
        msg_id = self._send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            msg = self._read(max(0.0, deadline - time.monotonic()))
            if msg is None:
                raise TimeoutError(f"{method}: inget svar")
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self._handle(msg)

    def pump(self, seconds: float) -> None:
        """Handle events for ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            msg = self._read(max(0.0, deadline - time.monotonic()))
            if msg is None:
                return
            self._handle(msg)

    def _handle(self, msg: dict[str, Any]) -> None:
        method = msg.get("method")
        params = msg.get("params", {})
        session = msg.get("sessionId")
        report = self._report
        if method == "Fetch.requestPaused":
            url = params["request"]["url"]
            if url.startswith(LOCAL_SCHEMES):
                self._send("Fetch.continueRequest", {"requestId": params["requestId"]}, session)
            else:
                if report is not None:
                    report.outside_requests.append(url)
                self._send("Fetch.failRequest",
                           {"requestId": params["requestId"], "errorReason": "BlockedByClient"},
                           session)
        elif method == "Network.requestWillBeSent" and report is not None:
            url = params["request"]["url"]
            if not url.startswith(LOCAL_SCHEMES) and url not in report.outside_requests:
                report.outside_requests.append(url)
        elif method == "Runtime.consoleAPICalled" and report is not None:
            if params.get("type") in ("error", "assert"):
                text = " ".join(str(a.get("value", a.get("description", "")))
                                for a in params.get("args", []))
                report.console_errors.append(text)
        elif method == "Runtime.exceptionThrown" and report is not None:
            details = params.get("exceptionDetails", {})
            report.console_errors.append(
                details.get("exception", {}).get("description") or details.get("text", "")
            )
        elif method == "Log.entryAdded" and report is not None:
            entry = params.get("entry", {})
            if entry.get("level") == "error":
                report.console_errors.append(f"{entry.get('source')}: {entry.get('text')}")
        elif method == "Page.javascriptDialogOpening":
            # alert()/confirm() would mean a script from a document ran: record and dismiss.
            if report is not None:
                report.console_errors.append(f"dialog: {params.get('message')}")
            self._send("Page.handleJavaScriptDialog", {"accept": False}, session)
        elif method == "Page.loadEventFired":
            self._loaded = True

    # -- pages ------------------------------------------------------------------------------

    _report: PageReport | None = None
    _loaded = False

    def open(self, path: Path, settle: float = 1.5) -> tuple[str, PageReport]:
        """Open a local file in a fresh tab with all outside requests blocked.

        Returns the session id and the report (filled while the tab lives)."""
        url = Path(path).resolve().as_uri()
        self._report = PageReport(url)
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for method, params in (
            ("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}),
            ("Network.enable", {}),
            ("Runtime.enable", {}),
            ("Log.enable", {}),
            ("Page.enable", {}),
            ("Emulation.setDeviceMetricsOverride",
             {"width": self.width, "height": self.height, "deviceScaleFactor": 1,
              "mobile": False}),
        ):
            self.call(method, params, session)
        self._loaded = False
        self.call("Page.navigate", {"url": url}, session)
        deadline = time.monotonic() + 30
        while not self._loaded and time.monotonic() < deadline:
            self.pump(0.2)
        self.pump(settle)
        return session, self._report

    def wait_for(self, session: str, expression: str, timeout: float = 15) -> bool:
        """Poll a JavaScript condition until it is true (events are handled meanwhile)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(session, expression):
                return True
            self.pump(0.1)
        return False

    def evaluate(self, session: str, expression: str) -> Any:
        """Evaluate JavaScript in the page and return its (JSON) value."""
        res = self.call("Runtime.evaluate",
                        {"expression": expression, "returnByValue": True, "awaitPromise": True},
                        session)
        if "exceptionDetails" in res:
            raise RuntimeError(res["exceptionDetails"].get("text"))
        return res.get("result", {}).get("value")

    def screenshot(self, session: str, path: Path, full_page: bool = True,
                   max_height: int = 6000) -> Path:
        """Save a PNG of the page (the whole page, up to ``max_height`` pixels)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            height = self.evaluate(session, "document.documentElement.scrollHeight") or 900
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": self.width,
                              "height": min(int(height), max_height), "scale": 1}
        data = self.call("Page.captureScreenshot", params, session, timeout=60)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close_tab(self, session: str) -> None:
        """Close the tab of ``session``."""
        info = self.call("Target.getTargetInfo", {}, session)
        self.call("Target.closeTarget", {"targetId": info["targetInfo"]["targetId"]})
        self._report = None

    def close(self) -> None:
        """Quit Chromium and remove its profile."""
        try:
            self._send("Browser.close")
            self._proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - best effort, then kill our own process
            self._proc.kill()
            self._proc.wait(timeout=10)
        finally:
            for fd in (self._to_chrome, self._from_chrome):
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
