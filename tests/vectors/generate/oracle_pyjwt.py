"""Sign oracle backed by PyJWT (pinned in requirements.txt).

stdin: JSON array of jobs {payload: "<json text>", secret | secret_hex, algorithm, headers?}
stdout: JSON array of {token} or {error}."""
import json
import sys

import jwt

jobs = json.load(sys.stdin)
out = []
for job in jobs:
    try:
        payload = json.loads(job["payload"])
        key = bytes.fromhex(job["secret_hex"]) if "secret_hex" in job else job["secret"]
        tok = jwt.encode(payload, key, algorithm=job.get("algorithm", "HS256"), headers=job.get("headers"))
        out.append({"token": tok})
    except Exception as e:  # noqa: BLE001
        out.append({"error": repr(e)})
sys.stdout.write(json.dumps(out))
