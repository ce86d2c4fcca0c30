"""A real SMTP server for the outbox tests (issue 18), on aiosmtpd.

    python smtp_server.py OUT_DIR PORT

Each message accepted is written to OUT_DIR as N.eml (the bytes as received) and N.json
(the envelope, whether the session was TLS and authenticated, and the message as
Python's own e-mail parser reads it: decoded subject and body, attachments with their
SHA-256), so the Rust tests check the wire format with a parser that is not lettre's.

Options in the environment: SMTP_CERT and SMTP_KEY (PEM) turn on TLS — STARTTLS, required
before MAIL, or with SMTP_IMPLICIT=1 TLS from the first byte; SMTP_USER and SMTP_PASSWORD
require AUTH; SMTP_REJECT is a comma-separated list of recipients refused with 550;
SMTP_DELAY_DATA holds the 250 after DATA for that many seconds (the message is already on
disk: a client killed meanwhile never learns it was accepted). "ready" is printed on
stdout once listening; the server stops when stdin closes.
"""

import asyncio
import email
import email.policy
import hashlib
import json
import logging
import os
import ssl
import sys
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

out_dir, port = sys.argv[1], int(sys.argv[2])
os.makedirs(out_dir, exist_ok=True)
reject = {a.strip().lower() for a in os.environ.get("SMTP_REJECT", "").split(",") if a.strip()}
delay = float(os.environ.get("SMTP_DELAY_DATA", "0"))
user, password = os.environ.get("SMTP_USER"), os.environ.get("SMTP_PASSWORD")
cert, key = os.environ.get("SMTP_CERT"), os.environ.get("SMTP_KEY")
implicit = os.environ.get("SMTP_IMPLICIT") == "1"


def parsed(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    body = msg.get_body(preferencelist=("plain",))
    files = []
    for part in msg.iter_attachments():
        data = part.get_payload(decode=True) or b""
        files.append({
            "name": part.get_filename(),
            "content_type": part.get_content_type(),
            "sha256": hashlib.sha256(data).hexdigest(),
        })
    raw_subject = next((v for k, v in email.message_from_bytes(raw).items() if k.lower() == "subject"), "")
    return {
        "subject": str(msg["subject"]),
        "raw_subject": str(raw_subject),
        "message_id": str(msg["message-id"]),
        "from": str(msg["from"]),
        "to": [str(a) for a in msg.get_all("to", [])],
        "body": body.get_content() if body is not None else None,
        "body_charset": body.get_content_charset() if body is not None else None,
        "attachments": files,
    }


class Handler:
    def __init__(self):
        self.n = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in reject:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        raw = envelope.original_content or envelope.content
        base = os.path.join(out_dir, str(self.n))
        with open(base + ".eml.tmp", "wb") as f:
            f.write(raw)
        info = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            # STARTTLS sets session.ssl; implicit TLS shows on the transport only.
            "tls": session.ssl is not None
            or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "message": parsed(raw),
        }
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False)
        os.replace(base + ".eml.tmp", base + ".eml")
        os.replace(base + ".json.tmp", base + ".json")
        if delay:
            await asyncio.sleep(delay)
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        auth_data is not None
        and auth_data.login.decode() == user
        and auth_data.password.decode() == password
    )
    return AuthResult(success=ok, handled=False)


# aiosmtpd's own log warns about the test's choices (AUTH over implicit TLS).
logging.getLogger("mail.log").setLevel(logging.ERROR)
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
warnings.filterwarnings("ignore", message="Session.login_data is deprecated")

context = None
if cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

kwargs = {}
if context is not None and not implicit:
    kwargs.update(tls_context=context, require_starttls=True)
if user:
    # aiosmtpd knows only STARTTLS as TLS for AUTH: over implicit TLS it would never
    # offer AUTH if told to require TLS first (the whole session is TLS anyway).
    kwargs.update(authenticator=authenticator, auth_required=True,
                  auth_require_tls=context is not None and not implicit)
controller = Controller(
    Handler(),
    hostname="127.0.0.1",
    port=port,
    ssl_context=context if implicit else None,
    server_hostname="localhost",
    **kwargs,
)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
