#!/usr/bin/env python3
"""Checks the layout of dist/nuget/*.nupkg as NuGet reads it: the OPC parts, the .nuspec (id, version =
Cargo.toml's, dependencies), the assemblies (lib/net8.0's metadata by check_net8.py), and each runtime's
native library built for that runtime (ELF machine / PE machine read from the file). Prints one line per check, exits 1 on the first failure.

  check_nupkg.py DIST_NUGET_DIR CARGO_TOML
"""
import pathlib
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
# netstandard 2.0's type list for check_net8.py: Mono's netstandard 2.0.0.0 facade (mono-devel).
NETSTANDARD20 = "/usr/lib/mono/4.7.2-api/Facades/netstandard.dll"
NS = {"n": "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}Default"
# rid -> (file, format, machine): ELF e_machine 62 x86-64, 183 AArch64; PE machine 0x8664 AMD64.
NATIVE = {
    "linux-x64": ("liboo_jwt.so", "elf", 62),
    "linux-arm64": ("liboo_jwt.so", "elf", 183),
    "linux-musl-x64": ("liboo_jwt.so", "elf", 62),
    "win-x64": ("oo_jwt.dll", "pe", 0x8664),
}


def fail(msg):
    print("FAIL " + msg)
    sys.exit(1)


def ok(msg):
    print("ok   " + msg)


def machine(data):
    if data[:4] == b"\x7fELF":
        return "elf", struct.unpack_from("<H", data, 18)[0]
    if data[:2] == b"MZ":
        pe = struct.unpack_from("<I", data, 0x3C)[0]
        if data[pe:pe + 4] == b"PE\0\0":
            return "pe", struct.unpack_from("<H", data, pe + 4)[0]
    return None, None


def opc(z, pid):
    names = z.namelist()
    for part in ("[Content_Types].xml", "_rels/.rels", f"{pid}.nuspec"):
        if part not in names:
            fail(f"{pid}: no {part}")
    rels = {r.get("Type").rsplit("/", 1)[1]: r.get("Target").lstrip("/")
            for r in ET.fromstring(z.read("_rels/.rels")).iter(REL)}
    if rels.get("manifest") != f"{pid}.nuspec":
        fail(f"{pid}: _rels/.rels manifest is {rels.get('manifest')}")
    core = rels.get("core-properties", "")
    if not re.fullmatch(r"package/services/metadata/core-properties/[0-9a-f]+\.psmdcp", core) or core not in names:
        fail(f"{pid}: core properties {core!r} missing")
    exts = {d.get("Extension") for d in ET.fromstring(z.read("[Content_Types].xml")).iter(TYPES)}
    for n in names:
        if n != "[Content_Types].xml" and n.rsplit(".", 1)[-1] not in exts:
            fail(f"{pid}: {n} has no content type")
    ok(f"{pid}: OPC parts ([Content_Types].xml, _rels/.rels -> {pid}.nuspec and {core.rsplit('/', 1)[1]})")
    return ET.fromstring(z.read(f"{pid}.nuspec"))


def main():
    dist, cargo = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    version = re.search(r'^version = "([^"]+)"', cargo.read_text(encoding="utf-8"), re.M).group(1)
    found = sorted(p.name for p in dist.glob("*.nupkg"))
    want = [f"OoJwt.{version}.nupkg", f"OoJwt.AspNet.{version}.nupkg"]
    if sorted(want) != found:
        fail(f"{dist}: {found}, expected {want}")
    ok(f"packages {', '.join(want)}")

    with zipfile.ZipFile(dist / want[0]) as z:
        spec = opc(z, "OoJwt")
        if (spec.findtext("n:metadata/n:id", None, NS), spec.findtext("n:metadata/n:version", None, NS)) != ("OoJwt", version):
            fail("OoJwt.nuspec id/version")
        groups = spec.findall("n:metadata/n:dependencies/n:group", NS)
        if [g.get("targetFramework") for g in groups] != [".NETStandard2.0", "net8.0"] or any(list(g) for g in groups):
            fail("OoJwt.nuspec dependencies: expected empty .NETStandard2.0 and net8.0 groups")
        ok(f"OoJwt.nuspec: id OoJwt, version {version} (Cargo.toml), dependencies: none for .NETStandard2.0 and net8.0")
        names = set(z.namelist())
        payload = {n for n in names if not n.startswith(("_rels/", "package/")) and n not in ("[Content_Types].xml", "OoJwt.nuspec")}
        expected = {"lib/netstandard2.0/OoJwt.dll", "lib/netstandard2.0/OoJwt.xml", "lib/net8.0/OoJwt.dll",
                    "lib/net8.0/OoJwt.xml", "README.md"} | {
            f"runtimes/{rid}/native/{f}" for rid, (f, _, _) in NATIVE.items()}
        if payload != expected:
            fail(f"OoJwt payload: extra {sorted(payload - expected)}, missing {sorted(expected - payload)}")
        ok("OoJwt payload: " + ", ".join(sorted(payload)))
        if spec.findtext("n:metadata/n:readme", None, NS) != "README.md":
            fail("OoJwt.nuspec readme")
        dll = z.read("lib/netstandard2.0/OoJwt.dll")
        if machine(dll)[0] != "pe" or b"OoJwt" not in dll or b"System.Web" in dll:
            fail("lib/netstandard2.0/OoJwt.dll is not the OoJwt assembly (or references System.Web)")
        # lib/net8.0: the .NET 8 build (its XML documents VerifyClaims, which only that build has) whose
        # metadata binds on .NET 8 (check_net8.py, on the very bytes in the package).
        dll8 = z.read("lib/net8.0/OoJwt.dll")
        if machine(dll8)[0] != "pe" or dll8 == dll or b"System.Web" in dll8:
            fail("lib/net8.0/OoJwt.dll is not the net8.0 OoJwt assembly")
        if b"M:OoJwt.Jwt.VerifyClaims" not in z.read("lib/net8.0/OoJwt.xml") or \
                b"M:OoJwt.Jwt.VerifyClaims" in z.read("lib/netstandard2.0/OoJwt.xml"):
            fail("lib/net8.0/OoJwt.xml is not the net8.0 build's documentation (VerifyClaims)")
        ok("lib/net8.0/OoJwt.xml documents the net8.0-only VerifyClaims; lib/netstandard2.0/OoJwt.xml does not")
        with tempfile.TemporaryDirectory() as tmp:
            path = pathlib.Path(tmp) / "OoJwt.dll"
            path.write_bytes(dll8)
            r = subprocess.run([sys.executable, str(HERE / "check_net8.py"), str(path), NETSTANDARD20],
                               capture_output=True, text=True, timeout=180)
            print(r.stdout, end="")
            if r.returncode != 0:
                fail("lib/net8.0/OoJwt.dll metadata: " + r.stderr.strip())
        for rid, (f, fmt, mach) in NATIVE.items():
            got = machine(z.read(f"runtimes/{rid}/native/{f}"))
            if got != (fmt, mach):
                fail(f"runtimes/{rid}/native/{f}: {got}, expected {(fmt, mach)}")
            ok(f"runtimes/{rid}/native/{f}: {fmt} machine {mach:#x}")
        if b"Oo" not in z.read("README.md") or not z.read("README.md").startswith(b"# "):
            fail("README.md")

    with zipfile.ZipFile(dist / want[1]) as z:
        spec = opc(z, "OoJwt.AspNet")
        if (spec.findtext("n:metadata/n:id", None, NS), spec.findtext("n:metadata/n:version", None, NS)) != ("OoJwt.AspNet", version):
            fail("OoJwt.AspNet.nuspec id/version")
        deps = [(g.get("targetFramework"), d.get("id"), d.get("version"))
                for g in spec.findall("n:metadata/n:dependencies/n:group", NS) for d in g]
        if deps != [(".NETFramework4.7.2", "OoJwt", f"[{version}]")]:
            fail(f"OoJwt.AspNet dependencies {deps}")
        fw = [a.get("assemblyName") for a in spec.iterfind("n:metadata/n:frameworkAssemblies/n:frameworkAssembly", NS)]
        if fw != ["System.Web"]:
            fail(f"OoJwt.AspNet framework assemblies {fw}")
        ok(f"OoJwt.AspNet.nuspec: version {version}, depends on OoJwt [{version}] and System.Web (.NETFramework4.7.2)")
        payload = {n for n in z.namelist() if n.startswith("lib/") or n.startswith("runtimes/")}
        if payload != {"lib/net472/OoJwt.AspNet.dll", "lib/net472/OoJwt.AspNet.xml"}:
            fail(f"OoJwt.AspNet payload {sorted(payload)}")
        ok("OoJwt.AspNet payload: lib/net472/OoJwt.AspNet.dll, .xml (no native library: OoJwt brings it)")


if __name__ == "__main__":
    main()
