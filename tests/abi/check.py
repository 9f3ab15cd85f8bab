#!/usr/bin/env python3
"""ABI 1.x check: every declaration of a baseline header is in the current header, unchanged.

Usage: check.py BASELINE HEADER   exits 1, naming each difference, when a declaration of BASELINE
                                  (function prototype with its parameter types and names, #define
                                  constant and value, enum member and value, typedef, struct field
                                  order and types) is missing from HEADER or differs there. New
                                  declarations, enum members and trailing struct fields are allowed.
       check.py --self-test       shows that the check passes on the baseline and on compatible
                                  additions, and fails on a removed function, a renumbered constant,
                                  a renumbered enum member, swapped parameters and reordered fields.

Parameter names count: two parameters of the same type swapped (secret and body are both
`const uint8_t *`) change what a caller's arguments mean without changing any type.
See docs/abi.md for the policy this enforces.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BASELINE = os.path.join(HERE, "oo_jwt-1.0.h")


def norm(text):
    """One space between tokens, none inside `* name` runs."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s*\*\s*", " *", text)
    while "* *" in text:
        text = text.replace("* *", "**")
    return text.replace("( ", "(").replace(" )", ")")


def parse(text):
    """The header's declarations as {kind: {name: normalised declaration}}."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    defines, lines = {}, []
    for line in text.split("\n"):
        m = re.match(r"\s*#\s*define\s+(\w+)\s+(.+?)\s*$", line)
        if m:
            defines[m.group(1)] = norm(m.group(2))
        elif not line.lstrip().startswith("#"):
            lines.append(line)
    body = "\n".join(lines)
    enums, structs, typedefs, functions = {}, {}, {}, {}
    for m in re.finditer(r"\benum\s+(\w+)\s*(?::\s*(\w+)\s*)?\{(.*?)\}\s*;", body, flags=re.S):
        name, base, members = m.group(1), m.group(2), m.group(3)
        for item in filter(None, (i.strip() for i in members.split(","))):
            member, _, value = item.partition("=")
            enums["%s.%s" % (name, member.strip())] = norm(value)
        if base:
            enums["%s:" % name] = base
    body = re.sub(r"\benum\s+\w+\s*(?::\s*\w+\s*)?\{.*?\}\s*;", " ", body, flags=re.S)
    for m in re.finditer(r"\btypedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;", body, flags=re.S):
        fields = [norm(f) for f in m.group(2).split(";") if f.strip()]
        structs[m.group(1)] = fields
        typedefs["struct %s" % m.group(3)] = "struct " + m.group(1)
    body = re.sub(r"\btypedef\s+struct\s+\w+\s*\{.*?\}\s*\w+\s*;", " ", body, flags=re.S)
    for m in re.finditer(r"\btypedef\s+([^;{}]+?)\s+(\w+)\s*;", body):
        typedefs.setdefault(m.group(2), set()).add(norm(m.group(1)))
    for m in re.finditer(r"([A-Za-z_][\w \t*]*?)\b(oo_\w+)\s*\(([^()]*)\)\s*;", body):
        params = [norm(p) for p in m.group(3).split(",")]
        functions[m.group(2)] = "%s %s(%s)" % (norm(m.group(1)), m.group(2), ", ".join(params))
    return {"function": functions, "constant": defines, "enum": enums, "struct": structs,
            "typedef": typedefs}


def differences(baseline_text, header_text):
    """What of the baseline the header lacks or changes, one line each."""
    old, new = parse(baseline_text), parse(header_text)
    problems = []
    for kind in ("function", "constant", "enum", "typedef"):
        for name, decl in sorted(old[kind].items()):
            if name not in new[kind]:
                problems.append("%s %s: removed" % (kind, name))
            elif kind == "typedef" and not isinstance(decl, str):
                if not decl <= new[kind][name]:
                    problems.append("typedef %s: %s, was %s" % (name, sorted(new[kind][name]), sorted(decl)))
            elif new[kind][name] != decl:
                problems.append("%s %s: %s, was %s" % (kind, name, new[kind][name], decl))
    for name, fields in sorted(old["struct"].items()):
        now = new["struct"].get(name)
        if now is None:
            problems.append("struct %s: removed" % name)
        elif now[: len(fields)] != fields:
            problems.append("struct %s: fields %s, were %s (only appending is compatible)" % (name, now, fields))
    if not old["function"] or not old["struct"] or not old["enum"]:
        problems.append("the baseline parsed to no functions, structs or enums: the parser is broken")
    return problems


def self_test():
    base = open(BASELINE).read()

    def must(cond, what):
        if not cond:
            sys.exit("abi-check self-test FAILED: " + what)

    def swap_once(text, a, b):
        must(text.count(a) >= 1 and text.count(b) >= 1, "the self-test's anchors are in the baseline: %r %r" % (a, b))
        return text.replace(a, "\0").replace(b, a).replace("\0", b)

    must(differences(base, base) == [], "the baseline matches itself: %s" % differences(base, base))
    added = base.replace("#ifdef __cplusplus\n}", "OoStatus oo_new_thing(const uint8_t *x, size_t x_len);\n\n#ifdef __cplusplus\n}")
    added = added.replace("  uint64_t max_json_len;\n} OoOptions;", "  uint64_t max_json_len;\n  uint64_t new_field;\n} OoOptions;")
    added = added.replace("  OO_INTERNAL = 255,", "  OO_NEW_STATUS = 13,\n  OO_INTERNAL = 255,")
    added = added.replace("#define OO_OPT_NOW 1", "#define OO_OPT_NOW 1\n\n#define OO_OPT_NEW 16")
    must(added != base and differences(base, added) == [],
         "appended function, field, enum member and constant are compatible: %s" % differences(base, added))
    broken = {
        "a removed function": re.sub(r"OoStatus oo_sign_config\([^;]*;", "", base),
        "a renumbered constant": base.replace("#define OO_OPT_LEEWAY 2", "#define OO_OPT_LEEWAY 3"),
        "a renumbered enum member": base.replace("OO_URL_MISMATCH = 12", "OO_URL_MISMATCH = 13"),
        "a changed algorithm bit": base.replace("OO_HS512 = 4", "OO_HS512 = 8"),
        "reordered struct fields": swap_once(base, "  int64_t leeway;", "  int64_t expires_in;"),
        "a field inserted before the end": base.replace("  int64_t now;", "  uint32_t extra;\n  int64_t now;"),
        "a field's type changed": base.replace("  uint64_t max_token_len;", "  uint32_t max_token_len;"),
        "swapped parameters of one type": base.replace(
            "OoStatus oo_verify_request(const uint8_t *body,\n                           size_t body_len,\n"
            "                           const uint8_t *authorization,\n                           size_t authorization_len,",
            "OoStatus oo_verify_request(const uint8_t *authorization,\n                           size_t authorization_len,\n"
            "                           const uint8_t *body,\n                           size_t body_len,"),
        "an appended parameter": base.replace("uint32_t oo_abi_version(void);", "uint32_t oo_abi_version(int x);"),
        "a changed return type": base.replace("const char *oo_version(void);", "char *oo_version(void);"),
        "a changed typedef": base.replace("typedef uint32_t OoAlg;", "typedef uint64_t OoAlg;"),
    }
    for what, text in broken.items():
        must(text != base, "the self-test's edit for %s applies to the baseline" % what)
        must(differences(base, text) != [], "the check fails on %s" % what)
    print("abi-check self-test: passes on the baseline and on appended declarations; fails on %s"
          % ", ".join(broken))


def main(argv):
    if argv[1:] == ["--self-test"]:
        self_test()
        return 0
    if len(argv) != 3:
        sys.exit(__doc__)
    problems = differences(open(argv[1]).read(), open(argv[2]).read())
    for p in problems:
        print("ABI break against %s: %s" % (os.path.basename(argv[1]), p))
    if problems:
        print("%s no longer declares what %s declared: ABI 1.x only grows (docs/abi.md)" % (argv[2], argv[1]))
        return 1
    n = sum(len(v) for v in parse(open(argv[1]).read()).values())
    print("abi-check: %s keeps all %d declarations of %s" % (argv[2], n, os.path.basename(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
