"""Cross-language hook (docs/bindings.md):
    xsign sign <secret> <payload-json>   prints the HS256 token (no iat/exp added), exit 0
    xsign verify <secret> <token>        prints the claims JSON as the token carries it, exit 0;
                                         or `error: <name>` on stderr, exit 1
Arguments are taken as the bytes given on the command line.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import oo_jwt  # noqa: E402
from oo_jwt import _api, _ffi  # noqa: E402


def main(argv):
    if len(argv) != 4 or argv[1] not in ("sign", "verify"):
        sys.stderr.write("usage: xsign sign <secret> <payload-json> | xsign verify <secret> <token>\n")
        return 2
    secret, arg = os.fsencode(argv[2]), os.fsencode(argv[3])
    try:
        if argv[1] == "sign":
            out = oo_jwt.sign(arg, secret)
        else:
            # the claims text exactly as the core returns it (not re-serialised by Python)
            verify = _ffi.FUNCTIONS["oo_verify"]
            out = _api._call(verify, arg, len(arg), secret, len(secret), None).decode("utf-8")
    except oo_jwt.JwtError as e:
        sys.stderr.write("error: %s\n" % e.code)
        return 1
    sys.stdout.write(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
