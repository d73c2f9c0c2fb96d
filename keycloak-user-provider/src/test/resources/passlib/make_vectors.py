#!/usr/bin/python3
"""Makes passlib-vectors.json: bcrypt hashes written by the real passlib, as the legacy app wrote them,
and what passlib's verify() says about a set of candidate passwords for each.

Run it from this folder with Debian's python (it has passlib 1.7.4 and bcrypt):

    /usr/bin/python3 make_vectors.py > passlib-vectors.json

The output differs on every run (random salts); that is fine, commit the new file whole.
Expectations are never written by hand: each "matches" is what passlib's verify() returned.
"""
import json
import sys

from passlib.context import CryptContext
from passlib.hash import bcrypt

# Exactly the legacy app's context (../shared/legacy/legacy_app.py).
pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")

B72 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_=+!@#$%^"  # 72 ASCII bytes
assert len(B72.encode("utf-8")) == 72

# (note, password hashed, ident, rounds, [other candidate passwords to check])
CASES = [
    ("2b cost 4", "IamVengeance1", "2b", 4, ["iamvengeance1", "IamVengeance1 ", ""]),
    ("2b cost 5", "holy-guacamole", "2b", 5, ["holy-guacamolE"]),
    ("2b cost 6", "oracle:sees/all", "2b", 6, ["oracle:sees/al"]),
    ("2b cost 7", "p@ss' OR '1'='1", "2b", 7, ["p@ss"]),
    ("2b cost 8", "correct horse battery staple", "2b", 8, ["correct horse battery stapl"]),
    ("2b cost 9", "Tr0ub4dor&3", "2b", 9, ["Tr0ub4dor&4"]),
    ("2b cost 10", "ten-rounds", "2b", 10, ["ten-round"]),
    ("2b cost 12 (passlib default)", "IamVengeance1", "2b", 12, ["IamVengeance2"]),
    ("2a cost 4", "alfred", "2a", 4, ["Alfred"]),
    ("2a cost 6", "wayne-manor", "2a", 6, ["wayne_manor"]),
    ("2a cost 8", "batcave \u00e9t\u00e9", "2a", 8, ["batcave ete"]),
    ("2a cost 11", "eleven", "2a", 11, ["twelve"]),
    ("2y cost 4", "php-import", "2y", 4, ["php-export"]),
    ("2y cost 5", "commissi\u00f8ner-\u00e9t\u00e9", "2y", 5, ["commissioner-ete"]),
    ("2y cost 7", "selina", "2y", 7, ["selinaa", "SELINA"]),
    ("2y cost 9", "nine lives", "2y", 9, ["nine live"]),
    ("non-ASCII: Japanese", "\u30d1\u30b9\u30ef\u30fc\u30c9", "2b", 4, ["\u30d1\u30b9\u30ef\u30fc"]),
    ("non-ASCII: emoji (4-byte UTF-8)", "\U0001f987bat\U0001f319", "2b", 5, ["\U0001f987bat"]),
    ("non-ASCII: combining vs precomposed", "cafe\u0301", "2a", 4, ["caf\u00e9"]),
    ("empty password", "", "2b", 4, ["a", " "]),
    ("exactly 72 bytes", B72, "2b", 5, [B72 + "z", B72[:71]]),
    ("73 bytes: only the first 72 count", B72 + "z", "2b", 5, [B72, B72 + "y", B72[:71]]),
    ("90 bytes: only the first 72 count", B72 + "A" * 18, "2b", 6,
     [B72, B72 + "B" * 18, B72[:71] + "?" + "A" * 18]),
    ("90 bytes, 2a", "q" * 90, "2a", 4, ["q" * 72, "q" * 71]),
    ("2-byte character cut at byte 72", B72[:71] + "\u00e9", "2y", 4,
     [B72[:71] + "\u00e8", B72[:71], B72[:71] + "\u00c3"]),
]


def main():
    vectors = []
    for note, password, ident, rounds, others in CASES:
        h = bcrypt.using(ident=ident, rounds=rounds).hash(password)
        assert h.startswith("$%s$%02d$" % (ident, rounds)), h
        checks = []
        for candidate in [password] + others:
            checks.append({
                "password": candidate,
                "utf8Bytes": len(candidate.encode("utf-8")),
                "matches": bool(pwd_context.verify(candidate, h)),
            })
        vectors.append({"note": note, "hash": h, "checks": checks})
    json.dump({
        "generator": "make_vectors.py with passlib %s" % __import__("passlib").__version__,
        "vectors": vectors,
    }, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
