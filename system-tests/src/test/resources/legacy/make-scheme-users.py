#!/usr/bin/python3
"""Makes scheme-users.tsv: one legacy user per passlib scheme (and variant) the provider accepts, with the password
and the hash the real passlib 1.7.4 made for it, at low cost so that the system tests stay cheap.

    apt-get install -y python3-passlib python3-bcrypt python3-argon2
    /usr/bin/python3 make-scheme-users.py > scheme-users.tsv      (from this folder)

Columns: username, password, hash. argon2 version 16 is made with argon2_cffi's low-level API (passlib verifies it
but cannot make it). Every hash is checked with passlib before it is written. The salts differ on every run.
"""
import sys

import argon2.low_level
from passlib.context import CryptContext
from passlib import hash as ph

ALL = ["bcrypt", "bcrypt_sha256", "pbkdf2_sha1", "pbkdf2_sha256", "pbkdf2_sha512", "argon2", "sha256_crypt",
       "sha512_crypt", "md5_crypt", "django_pbkdf2_sha256", "django_bcrypt_sha256"]
CONTEXT = CryptContext(schemes=ALL)

USERS = [
    ("s.bcrypt.2", lambda p: ph.bcrypt.using(ident="2", rounds=4).hash(p)),
    ("s.bcrypt.2y", lambda p: ph.bcrypt.using(ident="2y", rounds=4).hash(p)),
    ("s.bcrypt_sha256.v1", lambda p: ph.bcrypt_sha256.using(version=1, rounds=4).hash(p)),
    ("s.bcrypt_sha256.v2", lambda p: ph.bcrypt_sha256.using(rounds=4).hash(p)),
    ("s.pbkdf2_sha1", lambda p: ph.pbkdf2_sha1.using(rounds=1000).hash(p)),
    ("s.pbkdf2_sha256", lambda p: ph.pbkdf2_sha256.using(rounds=1000).hash(p)),
    ("s.pbkdf2_sha512", lambda p: ph.pbkdf2_sha512.using(rounds=1000).hash(p)),
    ("s.argon2id", lambda p: ph.argon2.using(type="id", memory_cost=64, time_cost=1, parallelism=1).hash(p)),
    ("s.argon2d", lambda p: ph.argon2.using(type="d", memory_cost=64, time_cost=1, parallelism=2).hash(p)),
    ("s.argon2i.v16", lambda p: argon2.low_level.hash_secret(
        p.encode("utf-8"), b"sixteen-salt", time_cost=1, memory_cost=64, parallelism=1, hash_len=16,
        type=argon2.low_level.Type.I, version=16).decode("ascii")),
    ("s.sha256_crypt", lambda p: ph.sha256_crypt.using(rounds=1000).hash(p)),
    ("s.sha512_crypt", lambda p: ph.sha512_crypt.using(rounds=1000).hash(p)),
    ("s.md5_crypt", lambda p: ph.md5_crypt.hash(p)),
    ("s.django_pbkdf2_sha256", lambda p: ph.django_pbkdf2_sha256.using(rounds=1000).hash(p)),
    ("s.django_bcrypt_sha256", lambda p: ph.django_bcrypt_sha256.using(rounds=4).hash(p)),
]


def main():
    for username, make in USERS:
        password = username[2:] + "-p\u00e4ssword"
        hash = make(password)
        assert CONTEXT.verify(password, hash) and not CONTEXT.verify(password + "x", hash), username
        sys.stdout.write("%s\t%s\t%s\n" % (username, password, hash))
    return 0


if __name__ == "__main__":
    sys.exit(main())
