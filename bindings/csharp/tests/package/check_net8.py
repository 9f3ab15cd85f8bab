#!/usr/bin/env python3
"""Checks that lib/net8.0/OoJwt.dll (built by mcs without the .NET SDK) binds on .NET 8, from its metadata
as two readers other than the build's Mono.Cecil see it: monodis (the AssemblyRef and TypeRef tables) and
ikdasm (the member references in the IL).

- Every assembly reference is one of ALLOWED (name, version, public key token), each resolved by .NET 8's
  shared framework (Microsoft.NETCore.App 8.0).
- Every type reference into netstandard is a type netstandard 2.0 has (forwarded by Mono's netstandard 2.0
  facade, NETSTANDARD_DLL); .NET 8's netstandard.dll (2.1.0.0) forwards all of them.
- The .NET 5+ types point at the assembly that defines them in .NET 8's reference pack (NET8_TYPES), and the
  members used on them are exactly MEMBERS, signatures as in that reference pack.
- No trace of Mono's framework assemblies (mscorlib, System.Core, ...), not even in an attribute blob.

  check_net8.py OoJwt.dll NETSTANDARD_DLL      prints one ok line per check, exits 1 on the first failure
"""
import re
import subprocess
import sys

B03F = "b03f5f7f11d50a3a"  # Microsoft's framework key (System.Runtime, System.Runtime.InteropServices)
CC7B = "cc7b13ffcd2ddd51"  # the .NET Foundation key (netstandard, System.Text.Json)
# .NET 8 ships netstandard.dll 2.1.0.0 (a facade forwarding netstandard 2.1, a superset of 2.0: a reference to
# 2.0.0.0 binds to it, as every netstandard2.0 library's does) and its own assemblies at 8.0.0.0 with these
# tokens: dotnet/runtime's reference pack (src/libraries/*/ref) and shared framework for .NET 8.
ALLOWED = {
    ("netstandard", "2.0.0.0", CC7B),
    ("System.Runtime", "8.0.0.0", B03F),
    ("System.Runtime.InteropServices", "8.0.0.0", B03F),
    ("System.Text.Json", "8.0.0.0", CC7B),
}
# Where .NET 8's reference pack defines each type src/*.cs uses beyond netstandard 2.0 (dotnet/runtime,
# src/libraries/<assembly>/ref/<assembly>.cs): RuntimeInformation, OSPlatform and Architecture moved to
# System.Runtime in .NET 7 (System.Runtime.InteropServices.RuntimeInformation forwards them there);
# NativeLibrary and DllImportResolver are System.Runtime.InteropServices'; JsonDocument is System.Text.Json's.
NET8_TYPES = {
    "System.Runtime.InteropServices.RuntimeInformation": "System.Runtime",
    "System.Runtime.InteropServices.OSPlatform": "System.Runtime",
    "System.Runtime.InteropServices.Architecture": "System.Runtime",
    "System.Runtime.InteropServices.NativeLibrary": "System.Runtime.InteropServices",
    "System.Runtime.InteropServices.DllImportResolver": "System.Runtime.InteropServices",
    "System.Text.Json.JsonDocument": "System.Text.Json",
    "System.Text.Json.JsonDocumentOptions": "System.Text.Json",
    "System.Text.Json.JsonElement": "System.Text.Json",
}
SR, SRI, STJ = "[System.Runtime]System.Runtime.InteropServices.", "[System.Runtime.InteropServices]System.Runtime.InteropServices.", "[System.Text.Json]System.Text.Json."
# Each member reference on those types, as ikdasm prints it (return type, declaring type::name(parameters)).
MEMBERS = {
    f"string {SR}RuntimeInformation::get_RuntimeIdentifier()",
    f"{SR}Architecture {SR}RuntimeInformation::get_ProcessArchitecture()",
    f"bool {SR}RuntimeInformation::IsOSPlatform({SR}OSPlatform)",
    f"{SR}OSPlatform {SR}OSPlatform::get_OSX()",
    f"{SR}OSPlatform {SR}OSPlatform::get_Windows()",
    f"native int {SRI}NativeLibrary::Load(string)",
    f"void {SRI}NativeLibrary::SetDllImportResolver([netstandard]System.Reflection.Assembly, {SRI}DllImportResolver)",
    f"void {SRI}DllImportResolver::.ctor(object, native int)",
    f"{STJ}JsonDocument {STJ}JsonDocument::Parse(string, {STJ}JsonDocumentOptions)",
    f"{STJ}JsonElement {STJ}JsonDocument::get_RootElement()",
    f"{STJ}JsonElement {STJ}JsonElement::Clone()",
}
MONO_ONLY = [b"mscorlib", b"System.Core,", b"b77a5c561934e089"]


def fail(msg):
    print("FAIL net8.0 assembly: " + msg)
    sys.exit(1)


def ok(msg):
    print("ok   net8.0 assembly: " + msg)


def run(*cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        fail(f"{' '.join(cmd)}: exit {r.returncode}: {r.stderr.strip()[:300]}")
    return r.stdout


def main():
    dll, netstandard = sys.argv[1], sys.argv[2]
    data = open(dll, "rb").read()

    refs = set()
    for m in re.finditer(r"Version=(\S+)\s+Name=(\S+)\s+Flags=\S+\s+Public Key:\s+0x00000000:((?: [0-9A-F]{2}){8})",
                         run("monodis", "--assemblyref", dll)):
        refs.add((m.group(2), m.group(1), m.group(3).replace(" ", "").lower()))
    if not refs or refs - ALLOWED:
        fail(f"assembly references {sorted(refs - ALLOWED) or 'none'} are not in the allow-list (ALLOWED)")
    if ("netstandard", "2.0.0.0", CC7B) not in refs:
        fail("no reference to netstandard 2.0.0.0")
    ok("assembly references: " + ", ".join(f"{n} {v} ({t})" for n, v, t in sorted(refs)))

    standard = set(re.findall(r"^\.class extern forwarder (\S+)$", run("ikdasm", netstandard), re.M))
    if len(standard) < 2000:
        fail(f"{netstandard}: {len(standard)} forwarded types, not netstandard 2.0's facade")
    typerefs = re.findall(r"^\d+: \[([^\]]+)\](\S+)$", run("monodis", "--typeref", dll), re.M)
    if not typerefs:
        fail("no type references read")
    for scope, name in typerefs:
        top = name.split("/")[0]
        if scope == "netstandard":
            if top not in standard:
                fail(f"[netstandard]{name}: not in netstandard 2.0")
            if top in NET8_TYPES:
                fail(f"[netstandard]{name}: must point at {NET8_TYPES[top]}, which defines it in .NET 8")
        elif NET8_TYPES.get(top) != scope:
            fail(f"[{scope}]{name}: .NET 8 defines it in {NET8_TYPES.get(top, 'none of the referenced assemblies')}")
    used = {name for scope, name in typerefs if scope != "netstandard"}
    if used != set(NET8_TYPES):
        fail(f".NET 5+ type references {sorted(used)}, expected {sorted(NET8_TYPES)}")
    ok(f"{len(typerefs)} type references: netstandard 2.0's, and {len(used)} .NET 5+ types each in the assembly "
       "that defines it in .NET 8")

    il = re.sub(r"\s+", " ", run("ikdasm", dll))
    scopes = "|".join(re.escape(s) for s in sorted(set(NET8_TYPES.values())))
    members = set(re.findall(r"(?:call|callvirt|newobj|ldftn) (?:instance )?((?:(?!call )\S+ ?){1,2} \[(?:"
                             + scopes + r")\][\w.]+::[\w.]+\([^)]*\))", il))
    members = {re.sub(r"^(class|valuetype) ", "", m) for m in members}
    if members != MEMBERS:
        fail(f"member references to .NET 5+ types: unexpected {sorted(members - MEMBERS)}, missing {sorted(MEMBERS - members)}")
    ok(f"{len(members)} member references to .NET 5+ types, with .NET 8's signatures "
       "(NativeLibrary.SetDllImportResolver, RuntimeInformation.RuntimeIdentifier, JsonDocument.Parse, ...)")

    for word in MONO_ONLY:
        if word in data:
            fail(f"the file names {word.decode()} (Mono's framework, not .NET 8's)")
    ok("no reference to Mono's framework assemblies anywhere in the file")


if __name__ == "__main__":
    main()
