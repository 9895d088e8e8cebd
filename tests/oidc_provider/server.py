"""A small OpenID Connect provider for the tests, run as its own process on 127.0.0.1.

    python -m tests.oidc_provider.server     (prints "PORT <n>" once it listens)

It hosts two issuers, /staff and /citizen, each with discovery, JWKS (one RSA key made at
start), authorize (a login page with a form), token (authorisation code with PKCE and client
secret) and userinfo. Users and clients are in USERS and CLIENTS below.

To test refusals, a test makes the provider misbehave for the next tokens it issues:
POST /_mode with mode=tampered (the ID token's signature is broken), wrong_audience, expired,
or normal.
"""

import base64
import contextlib
import hashlib
import html
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "test-" + secrets.token_hex(4)
CLIENTS = {
    "staff": {"client_id": "uddannelsesby-staff", "client_secret": "staff-secret"},
    "citizen": {"client_id": "uddannelsesby-citizen", "client_secret": "citizen-secret"},
}
USERS = {
    "staff": {
        "rikke": {
            "sub": "entra-0001",
            "given_name": "Rikke",
            "family_name": "Redaktør",
            "email": "rikke@kommune.example",
            "groups": ["UDD-Redaktoerer", "Alle-Medarbejdere"],
        },
        "carl": {
            "sub": "entra-0002",
            "given_name": "Carl",
            "family_name": "Byrådsmedlem",
            "email": "carl@kommune.example",
            "groups": ["UDD-Byraad"],
        },
        "nina": {
            "sub": "entra-0003",
            "given_name": "Nina",
            "family_name": "Uden Rolle",
            "email": "nina@kommune.example",
            "groups": ["Alle-Medarbejdere"],
        },
    },
    "citizen": {
        "mads": {
            "sub": "mitid-9f8e7d6c",
            "given_name": "Mads",
            "family_name": "Borger",
            "email": "mads@borger.example",
            # What a MitID broker may add; the product must never store it.
            "cpr": "0101901234",
            "dk.cpr": "0101901234",
            "nin": "0101901234",
            "birthdate": "1990-01-01",
        },
    },
}
STATE = {"mode": "normal", "codes": {}, "tokens": {}}
LOCK = threading.Lock()


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwks() -> dict:
    public = KEY.public_key().public_numbers()
    return {
        "keys": [
            {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": KID,
             "n": _b64(public.n), "e": _b64(public.e)}
        ]
    }  # fmt: skip


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def _send(self, status: int, body, content_type="application/json", headers=None):
        data = (
            body
            if isinstance(body, bytes)
            else (json.dumps(body) if content_type == "application/json" else body).encode()
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _form(self) -> dict:
        length = int(self.headers.get("Content-Length", "0"))
        return {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}

    def _realm(self, path: str) -> tuple[str | None, str]:
        parts = path.strip("/").split("/", 1)
        if parts[0] in CLIENTS:
            return parts[0], "/" + (parts[1] if len(parts) > 1 else "")
        return None, path

    def do_GET(self):
        url = urlsplit(self.path)
        realm, path = self._realm(url.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if realm is None:
            return self._send(404, {"error": "not_found"})
        issuer = f"{self.base}/{realm}"
        if path == "/.well-known/openid-configuration":
            return self._send(200, {
                "issuer": issuer,
                "authorization_endpoint": f"{issuer}/authorize",
                "token_endpoint": f"{issuer}/token",
                "userinfo_endpoint": f"{issuer}/userinfo",
                "jwks_uri": f"{issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            })  # fmt: skip
        if path == "/jwks":
            return self._send(200, jwks())
        if path == "/authorize":
            if query.get("client_id") != CLIENTS[realm]["client_id"]:
                return self._send(400, "Unknown client", "text/plain")
            return self._login_page(realm, query)
        if path == "/userinfo":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            with LOCK:
                claims = STATE["tokens"].get(token)
            if claims is None:
                return self._send(401, {"error": "invalid_token"})
            return self._send(200, claims)
        return self._send(404, {"error": "not_found"})

    def _login_page(self, realm: str, query: dict, error: str = ""):
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
        )
        page = f"""<!DOCTYPE html><html lang="da"><head><meta charset="utf-8">
<title>Test-login ({realm})</title></head><body><main>
<h1>Test-login: {realm}</h1>{f'<p role="alert">{error}</p>' if error else ""}
<form method="post" action="/{realm}/authorize">{hidden}
<label for="username">Brugernavn</label> <input id="username" name="username">
<button type="submit">Log ind</button></form></main></body></html>"""
        return self._send(200, page, "text/html; charset=utf-8")

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path == "/_mode":
            with LOCK:
                STATE["mode"] = self._form().get("mode", "normal")
            return self._send(200, {"mode": STATE["mode"]})
        realm, path = self._realm(url.path)
        if realm is None:
            return self._send(404, {"error": "not_found"})
        form = self._form()
        if path == "/authorize":
            return self._authorize(realm, form)
        if path == "/token":
            return self._token(realm, form)
        return self._send(404, {"error": "not_found"})

    def _authorize(self, realm: str, form: dict):
        username = form.pop("username", "")
        if username not in USERS[realm]:
            return self._login_page(realm, form, "Ukendt bruger")
        code = secrets.token_urlsafe(24)
        with LOCK:
            STATE["codes"][code] = {
                "realm": realm,
                "user": username,
                "nonce": form.get("nonce"),
                "redirect_uri": form["redirect_uri"],
                "challenge": form.get("code_challenge"),
            }
        target = form["redirect_uri"] + "?" + urlencode({"code": code, "state": form["state"]})
        return self._send(302, b"", "text/plain", {"Location": target})

    def _token(self, realm: str, form: dict):
        client = CLIENTS[realm]
        if (form.get("client_id"), form.get("client_secret")) != (
            client["client_id"],
            client["client_secret"],
        ):
            return self._send(401, {"error": "invalid_client"})
        with LOCK:
            grant = STATE["codes"].pop(form.get("code", ""), None)
            mode = STATE["mode"]
        if (
            grant is None
            or grant["realm"] != realm
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            return self._send(400, {"error": "invalid_grant"})
        if grant["challenge"]:
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
                return self._send(400, {"error": "invalid_grant"})
        claims = USERS[realm][grant["user"]]
        now = int(time.time())
        id_claims = {
            "iss": f"{self.base}/{realm}",
            "sub": claims["sub"],
            "aud": client["client_id"],
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **{k: v for k, v in claims.items() if k != "sub"},
        }
        if mode == "wrong_audience":
            id_claims["aud"] = "another-service"
        if mode == "expired":
            id_claims["iat"], id_claims["exp"] = now - 3600, now - 1800
        id_token = jwt.encode(id_claims, KEY, algorithm="RS256", headers={"kid": KID})
        if mode == "tampered":
            header, payload, signature = id_token.split(".")
            forged = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            forged[USERS_ROLE_CLAIM] = ["UDD-Admins"]
            payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
            id_token = f"{header}.{payload}.{signature}"
        access_token = secrets.token_urlsafe(24)
        with LOCK:
            STATE["tokens"][access_token] = claims
        return self._send(
            200,
            {"access_token": access_token, "token_type": "Bearer", "expires_in": 300,
             "id_token": id_token},
        )  # fmt: skip


USERS_ROLE_CLAIM = "groups"


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
