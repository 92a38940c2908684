"""A real SMTP server for the mail tests (tests/cli/mail.rs), on aiosmtpd.

    python smtp_server.py PORT CERT KEY FOLDER USER PASSWORD
    python smtp_server.py PORT - - FOLDER      (plain: no TLS, no AUTH; for the window's test)

Listens on 127.0.0.1:PORT, requires STARTTLS (with CERT/KEY, self-signed by the test) before
AUTH (PLAIN or LOGIN, USER/PASSWORD) and before any mail. Recipients are treated by their
local part:
  - refuse@…  : 550, always (refused for good)
  - later@…   : 451 the first time, accepted afterwards (a temporary refusal)
  - drop@…    : the connection is cut at RCPT the first time (a lost connection)
  - anyone else: accepted.
Each accepted message is written to FOLDER/NNN.eml exactly as received (the test reads the
headers and attachments from there), and each SMTP event is appended to FOLDER/events.log.
Prints READY on stdout once it listens.
"""

import asyncio
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, folder = sys.argv[1:5]
user, password = (sys.argv[5:7] + ["", ""])[:2]
os.makedirs(folder, exist_ok=True)


def event(text):
    with open(os.path.join(folder, "events.log"), "a", encoding="utf-8") as f:
        f.write(text + "\n")


class Handler:
    def __init__(self):
        self.seen_later = False
        self.dropped = False
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local == "refuse":
            event(f"RCPT {address} 550")
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if local == "later" and not self.seen_later:
            self.seen_later = True
            event(f"RCPT {address} 451")
            return "451 4.7.1 greylisted, try again later"
        if local == "drop" and not self.dropped:
            self.dropped = True
            event(f"RCPT {address} DROP")
            server.transport.abort()
            return "421 4.3.0 gone"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(folder, "%03d.eml" % self.count)
        with open(name + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(name + ".tmp", name)
        event(f"DATA {','.join(envelope.rcpt_tos)} tls={session.ssl is not None} auth={session.authenticated}")
        return "250 2.0.0 accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == user
        and auth_data.password.decode() == password
    )
    event(f"AUTH {mechanism} {'ok' if ok else 'refused'}")
    return AuthResult(success=ok, handled=False)


if cert == "-":
    controller = Controller(Handler(), hostname="127.0.0.1", port=int(port))
else:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=int(port),
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
        server_hostname="localhost",
        data_size_limit=10_000_000,
    )
controller.start()
print("READY", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
