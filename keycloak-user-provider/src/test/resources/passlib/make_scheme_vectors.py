#!/usr/bin/python3
"""Makes passlib-scheme-vectors.json: for every scheme the provider accepts, what the real passlib 1.7.4 says.

Run it from this folder with Debian's python and packages (python3-passlib, python3-bcrypt, python3-argon2):

    /usr/bin/python3 make_scheme_vectors.py > passlib-scheme-vectors.json

For each scheme it writes
- "known": the known-answer vectors of passlib's own test suite (passlib/tests/test_handlers*.py, the
  known_correct_hashes of each handler's test class), secrets that are not UTF-8 left out;
- "made": hashes this script makes with passlib at low cost (argon2 version 16 through argon2_cffi's
  low-level API, which passlib cannot make but verifies), of ASCII, non-ASCII, empty, long and NUL passwords;
- "malformed": passlib's known_malformed_hashes for the handler plus truncated and damaged copies of a made hash.
Every "outcome" is what a CryptContext of all these schemes did: "match", "mismatch", or "error" (verify raised,
e.g. a malformed hash or a password passlib refuses, such as a NUL for bcrypt). Nothing is written by hand.
The output differs on every run (random salts); commit the new file whole.
"""
import importlib
import json
import sys

import argon2.low_level
from passlib.context import CryptContext
from passlib import hash as ph

SCHEMES = ["bcrypt", "bcrypt_sha256", "pbkdf2_sha1", "pbkdf2_sha256", "pbkdf2_sha512", "argon2",
           "sha256_crypt", "sha512_crypt", "md5_crypt", "django_pbkdf2_sha256", "django_bcrypt_sha256"]
CONTEXT = CryptContext(schemes=SCHEMES)

TESTS = {
    "bcrypt": ("test_handlers_bcrypt", "_bcrypt_test"),
    "bcrypt_sha256": ("test_handlers_bcrypt", "_bcrypt_sha256_test"),
    "pbkdf2_sha1": ("test_handlers_pbkdf2", "pbkdf2_sha1_test"),
    "pbkdf2_sha256": ("test_handlers_pbkdf2", "pbkdf2_sha256_test"),
    "pbkdf2_sha512": ("test_handlers_pbkdf2", "pbkdf2_sha512_test"),
    "argon2": ("test_handlers_argon2", "_base_argon2_test"),
    "sha256_crypt": ("test_handlers", "_sha256_crypt_test"),
    "sha512_crypt": ("test_handlers", "_sha512_crypt_test"),
    "md5_crypt": ("test_handlers", "_md5_crypt_test"),
    "django_pbkdf2_sha256": ("test_handlers_django", "django_pbkdf2_sha256_test"),
    "django_bcrypt_sha256": ("test_handlers_django", "django_bcrypt_sha256_test"),
}

B72 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_=+!@#$%^"  # 72 ASCII bytes
# the last one repeats to a character cut at byte 72, which matters for bcrypt's old $2$ (passlib repeats the password)
PASSWORDS = ["IamVengeance1", "batcave \u00e9t\u00e9 \U0001f987", "", B72 + "tail", "nul\x00byte", "ab\u20ac"]
OTHERS = [B72, B72 + "other", "iamvengeance1", "IamVengeance1" * 2, "ab\u20ac" * 15, "ab\u20ac" * 14 + "ab"]

LOW_COST = {
    "bcrypt": [dict(rounds=4, ident="2b"), dict(rounds=5, ident="2a"), dict(rounds=4, ident="2y"), dict(rounds=4, ident="2")],
    "bcrypt_sha256": [dict(rounds=4), dict(rounds=5, version=1)],
    "pbkdf2_sha1": [dict(rounds=1000)],
    "pbkdf2_sha256": [dict(rounds=1000)],
    "pbkdf2_sha512": [dict(rounds=1000)],
    "argon2": [dict(type=t, memory_cost=64, time_cost=1, parallelism=p) for t, p in (("id", 1), ("i", 2), ("d", 1))],
    "sha256_crypt": [dict(rounds=1000), dict(rounds=5000)],
    "sha512_crypt": [dict(rounds=1000)],
    "md5_crypt": [dict()],
    "django_pbkdf2_sha256": [dict(rounds=1000)],
    "django_bcrypt_sha256": [dict(rounds=4)],
}


def outcome(password, hash):
    try:
        return "match" if CONTEXT.verify(password, hash) else "mismatch"
    except (ValueError, TypeError, NotImplementedError):
        return "error"


def checks(hash, passwords):
    return [{"password": p, "utf8Bytes": len(p.encode("utf-8")), "outcome": outcome(p, hash)} for p in passwords]


def text(secret):
    if isinstance(secret, bytes):
        try:
            return secret.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return secret


def known(scheme):
    module, name = TESTS[scheme]
    case = getattr(importlib.import_module("passlib.tests." + module), name)
    vectors, seen = [], set()
    for secret, hash in case.known_correct_hashes:
        secret = text(secret)
        if secret is None or (secret, hash) in seen:
            continue
        seen.add((secret, hash))
        vectors.append({"hash": hash, "checks": checks(hash, [secret, secret + "x", secret[:-1]])})
    malformed = list(getattr(case, "known_malformed_hashes", []) or [])
    return vectors, malformed


def made(scheme):
    handler = getattr(ph, scheme)
    hashes = []
    for settings in LOW_COST[scheme]:
        for password in PASSWORDS:
            try:
                hashes.append(handler.using(**settings).hash(password))
            except ValueError:
                pass  # passlib refuses to hash it (a NUL for bcrypt and the crypt family): nothing to check
    if scheme == "argon2":
        for kind, name in ((argon2.low_level.Type.I, "i"), (argon2.low_level.Type.ID, "id")):
            hashes.append(argon2.low_level.hash_secret(
                PASSWORDS[1].encode("utf-8"), b"saltsaltsalt", time_cost=1, memory_cost=64, parallelism=1,
                hash_len=16, type=kind, version=16).decode("ascii"))
    vectors = []
    for hash in hashes:
        vectors.append({"hash": hash, "checks": checks(hash, PASSWORDS + OTHERS)})
    return vectors


def damaged(hash):
    return [hash[:-1], hash[: len(hash) // 2], hash + "A", hash.replace("$", "$$", 2)[:len(hash)]]


def main():
    schemes = {}
    for scheme in SCHEMES:
        known_vectors, malformed = known(scheme)
        made_vectors = made(scheme)
        broken = malformed + damaged(made_vectors[0]["hash"])
        schemes[scheme] = {
            "known": known_vectors,
            "made": made_vectors,
            "malformed": [{"hash": h, "outcome": outcome("IamVengeance1", h)} for h in broken],
        }
    json.dump({
        "generator": "make_scheme_vectors.py with passlib %s" % __import__("passlib").__version__,
        "schemes": schemes,
    }, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
