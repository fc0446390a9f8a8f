"""The invitation link's secret: random, shown once, stored as its SHA-256 only. No Django
imports. 32 random bytes (256 bits) make guessing hopeless, so a plain hash (no salt, no slow
hash) is enough and lets the database find the row by it."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
