"""Typing into a booted machine's serial port from a script.

tools/umbra and tools/xen-oracle (and, through them, tools/run-tests'
test.spec) run a list of steps against the live serial line of the machine
they boot, in order:

  send TEXT            type TEXT; backslash escapes: \\n \\r \\t \\\\ \\xHH
                       (e.g. \\x01\\x01\\x01 is CTRL-a three times)
  send-line TEXT       type TEXT and the Enter key (a carriage return, as a
                       serial terminal sends it)
  expect REGEX         wait until REGEX (Python syntax, multi-line mode)
                       matches the serial output after the end of the
                       previous match; carriage returns are removed first.
                       A named group (?P<name>...) is remembered, and a
                       later expect's (?P=name) stands for the text it
                       matched (e.g. free memory before and after).  `$`
                       also matches at the end of what has come so far,
                       so end a captured number with \n, not `$`
  expect-timeout S     how long each later expect may wait (default 30 s)
  wait S               pause S seconds
  fetch PATH REGEX     GET http://127.0.0.1:PORT/PATH over HTTP, where PORT
                       is the host port of the system's first <forward>
                       (tools/umbra picks it), again until it answers or the
                       expect timeout passes; the body must match REGEX
                       (the serial line is read on meanwhile)

QEMU's serial port is a socket chardev; the machine connects to a socket
this module listens on before it starts, so no output is lost.  Everything
QEMU writes is read at once and appended to the log file (flushed as it
comes), so the log holds what -serial file: would have written.  (QEMU's
own logfile= is not used: when the socket is full it logs a byte it will
send again, so its copy can hold characters twice.)  Typed text is written
only as the socket takes it, so a long flood of input never blocks the
reader.  An expect that is not met in time, or a machine that stops while
steps remain, is a failure with one line naming the step.
"""
import argparse, os, re, select, shutil, socket, tempfile, threading, time, urllib.request

BACKREF = re.compile(r"\(\?P=(\w+)\)")
GROUP = re.compile(r"\(\?P<(\w+)>")
KINDS = ("send", "send-line", "expect", "expect-timeout", "wait", "fetch")
DEFAULT_EXPECT_TIMEOUT = 30.0
ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|[nrt\\])|\\")


def unescape(text):
    """TEXT with \\n \\r \\t \\\\ \\xHH decoded, as bytes; ValueError for another escape."""
    def one(m):
        e = m.group(1)
        if e is None:
            raise ValueError(f"send \"{text}\": a backslash must start \\n, \\r, \\t, \\\\ or \\xHH")
        return chr(int(e[1:], 16)) if e[0] == "x" else {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}[e]
    decoded = ESCAPE.sub(one, text)
    try:
        return decoded.encode("latin-1")
    except UnicodeEncodeError:
        raise ValueError(f"send \"{text}\": only characters up to \\xff can be typed") from None


def seconds(kind, value):
    try:
        s = float(value)
    except ValueError:
        s = -1
    if not s >= 0 or s > 3600:
        raise ValueError(f"{kind} {value}: not a number of seconds (0 to 3600)")
    return s


def parse_step(kind, value, earlier=()):
    """(kind, value) -> a checked step; ValueError with one line for a bad one.
    earlier: the steps before it (an expect may refer to their groups)."""
    if kind == "send":
        return (kind, unescape(value), value)
    if kind == "send-line":
        return ("send", unescape(value) + b"\r", value)
    if kind == "expect":
        if not value:
            raise ValueError("expect: an empty pattern matches anything; give a regular expression")
        own = set(GROUP.findall(value))
        known = {n for k, v, _ in earlier if k == "expect" for n in GROUP.findall(v)}
        for name in BACKREF.findall(value):
            if name not in own | known:
                raise ValueError(f"expect /{value}/: no earlier expect captures (?P<{name}>...)")
        try:
            re.compile(BACKREF.sub(lambda m: m.group(0) if m.group(1) in own else "", value), re.M)
            return (kind, value, value)
        except re.error as e:
            raise ValueError(f"expect /{value}/: not a regular expression ({e})") from None
    if kind in ("expect-timeout", "wait"):
        return (kind, seconds(kind, value), value)
    if kind == "fetch":
        path, _, regex = value.partition(" ")
        if not path.startswith("/") or not regex:
            raise ValueError(f"fetch {value}: give a path starting with / and a regular expression")
        try:
            return (kind, (path, re.compile(regex, re.M)), value)
        except re.error as e:
            raise ValueError(f"fetch {value}: not a regular expression ({e})") from None
    raise ValueError(f"{kind}: not a script step (one of {', '.join(KINDS)})")


OPTIONS = (("send", "TEXT", "type TEXT on the serial line (escapes \\n \\r \\t \\\\ \\xHH)"),
           ("send-line", "TEXT", "type TEXT and Enter"),
           ("expect", "REGEX", "wait until the output after the previous match matches REGEX"),
           ("expect-timeout", "S", "how long each later --expect waits (default 30)"),
           ("wait", "S", "pause S seconds"),
           ("fetch", "'PATH REGEX'", "GET PATH from the first <forward>'s 127.0.0.1 port; the body must match REGEX"))


def add_options(parser, refuse):
    """--send, --send-line, --expect, --expect-timeout, --wait on parser, kept
    in order in args.steps; a bad step goes to refuse(message)."""
    class Step(argparse.Action):
        def __call__(self, parser, namespace, value, option_string=None):
            try:
                step = parse_step(self.const, value, namespace.steps)
            except ValueError as e:
                refuse(str(e))
            namespace.steps = namespace.steps + [step]
    parser.set_defaults(steps=[])
    for kind, meta, what in OPTIONS:
        parser.add_argument("--" + kind, dest="steps", action=Step, const=kind, metavar=meta, help=what)


def describe(step, index):
    kind, _, text = step
    return f"step {index + 1} ({kind} /{text}/)" if kind == "expect" else f"step {index + 1} ({kind} {text})"


class SerialScript:
    """Runs the steps against one QEMU's serial line: listen(), start QEMU
    with chardev_args(), accept(), then pump() until the machine stops."""

    def __init__(self, steps, log, echo=None, forwards=()):
        self.steps, self.echo, self.forwards = steps, echo, list(forwards)
        self.fetching = None             # the running fetch step's thread and result
        self.log = open(log, "wb")
        self.index, self.output, self.cursor = 0, "", 0
        self.typing = b""
        self.captured = {}
        self.expect_timeout = DEFAULT_EXPECT_TIMEOUT
        self.step_started = time.monotonic()
        self.failure = None
        self.dir = tempfile.mkdtemp(prefix="umbra-serial-")
        self.path = os.path.join(self.dir, "serial")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.path)
        self.listener.listen(1)
        self.conn = None

    def chardev_args(self):
        """QEMU arguments: serial port 0 on our socket."""
        return ["-chardev", f"socket,id=serial0,path={self.path}", "-serial", "chardev:serial0"]

    def accept(self, proc, timeout=30.0):
        """Wait for QEMU to connect; False if it exited or did not in time."""
        end = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < end:
            if select.select([self.listener], [], [], 0.05)[0]:
                self.conn, _ = self.listener.accept()
                self.conn.setblocking(False)
                self.step_started = time.monotonic()
                self.advance()
                return True
        return False

    def done(self):
        return self.index == len(self.steps) and not self.typing

    def pump(self, timeout):
        """Read what QEMU wrote, type what is due, advance the steps; False at end of output."""
        if not self.conn:
            time.sleep(timeout)
            return False
        wr = [self.conn] if self.typing else []
        readable, writable, _ = select.select([self.conn], wr, [], timeout)
        open_ = True
        if readable:
            try:
                data = self.conn.recv(65536)
            except (BlockingIOError, InterruptedError):
                data = None
            except OSError:
                data = b""
            if data == b"":
                open_ = False
            elif data:
                self.log.write(data)
                self.log.flush()
                text = data.decode("latin-1")
                if self.echo:
                    self.echo.write(text)
                    self.echo.flush()
                self.output += text.replace("\r", "")
        if writable and self.typing:
            try:
                n = self.conn.send(self.typing)
                self.typing = self.typing[n:]
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                open_ = False
        self.advance()
        return open_

    def drain(self, timeout=2.0):
        """After QEMU ended: read the rest of its output (up to the end of the stream)."""
        end = time.monotonic() + timeout
        while self.conn and time.monotonic() < end and self.pump(0.05):
            pass

    def pattern(self, text):
        """An expect's regex, with (?P=name) of an earlier match's group as its text."""
        own = set(GROUP.findall(text))

        def ref(m):
            name = m.group(1)
            if name in own:
                return m.group(0)
            return re.escape(self.captured[name])   # parse_step saw an earlier group
        return re.compile(BACKREF.sub(ref, text), re.M)

    def advance(self):
        now = time.monotonic()
        while self.index < len(self.steps) and not self.failure:
            kind, value, _ = self.steps[self.index]
            if kind == "send":
                self.typing += value
            elif kind == "expect-timeout":
                self.expect_timeout = value
            elif kind == "wait":
                if now - self.step_started < value:
                    return
            elif kind == "fetch":
                if not self.fetched(value, now):
                    return
            elif kind == "expect":
                m = self.pattern(value).search(self.output, self.cursor)
                if not m:
                    if now - self.step_started > self.expect_timeout:
                        self.failure = (f"{describe(self.steps[self.index], self.index)} "
                                        f"not met within {self.expect_timeout:g} s")
                    return
                self.cursor = m.end()
                self.captured.update((k, v) for k, v in m.groupdict().items() if v is not None)
            self.index += 1
            self.step_started = now

    def fetched(self, value, now):
        """A fetch step: started in a thread (the serial line is read on
        meanwhile); True once its body matched, a failure when it did not."""
        path, regex = value
        if not self.forwards:
            self.failure = f"{describe(self.steps[self.index], self.index)}: the system has no <forward>"
            return False
        if self.fetching is None:
            result = {}
            url = f"http://127.0.0.1:{self.forwards[0]}{path}"
            deadline = now + self.expect_timeout

            def get():
                while True:
                    start = time.monotonic()
                    try:
                        with urllib.request.urlopen(url, timeout=10) as r:
                            result["body"] = r.read().decode("utf-8", "replace")
                            result["seconds"] = time.monotonic() - start
                            return
                    except OSError as e:
                        result["error"] = str(e)
                    if time.monotonic() >= deadline:
                        return
                    time.sleep(0.5)
            self.fetching = (threading.Thread(target=get, daemon=True), result)
            self.fetching[0].start()
        thread, result = self.fetching
        if thread.is_alive():
            return False
        self.fetching = None
        step = describe(self.steps[self.index], self.index)
        if "body" not in result:
            self.failure = f"{step}: no answer within {self.expect_timeout:g} s ({result.get('error')})"
        elif not regex.search(result["body"]):
            self.failure = f"{step}: the body does not match: {result['body'][:200]!r}"
        else:
            n, s = len(result["body"]), result["seconds"]
            self.log.write(f"\n(umbra) fetch {path}: {n} bytes matched, {s:.2f} s from the request "
                           f"({n / 1e6 / max(s, 1e-6):.2f} MB/s)\n".encode())
            return True
        return False

    def unmet(self, why):
        """The failure message for a run that ended (why) before the script did."""
        if self.failure:
            return self.failure
        if self.index < len(self.steps):
            return f"{describe(self.steps[self.index], self.index)} not met: {why}"
        return f"typed text not all sent: {why}"

    def close(self):
        self.log.close()
        for s in (self.conn, self.listener):
            if s:
                s.close()
        shutil.rmtree(self.dir, ignore_errors=True)
