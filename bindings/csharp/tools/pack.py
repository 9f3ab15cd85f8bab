#!/usr/bin/env python3
"""Writes the NuGet packages OoJwt and OoJwt.AspNet without the .NET SDK.

A .nupkg is a zip in the Open Packaging Conventions layout: [Content_Types].xml, _rels/.rels (pointing
at the .nuspec and the core properties), the .nuspec, package/services/metadata/core-properties/*.psmdcp,
then the payload. The metadata comes from OoJwt.csproj / aspnet/OoJwt.AspNet.csproj (the one place for
it), the version from Cargo.toml. Entries are written in a fixed order with a fixed time, so that the
same inputs give the same bytes.

  tools/pack.py --build build --native ../../dist/native --out ../../dist/nuget
"""
import argparse
import hashlib
import pathlib
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from xml.sax.saxutils import escape

HERE = pathlib.Path(__file__).resolve().parent.parent
ROOT = HERE.parent.parent
STAMP = (2000, 1, 1, 0, 0, 0)  # NuGet warns about entry times before 1980; any fixed time keeps builds equal

# NuGet runtime identifier -> dist/native/<platform>/ and the file .NET's DllImport("oo_jwt") looks for.
RUNTIMES = [
    ("linux-x64", "linux-x86_64", "liboo_jwt.so"),
    ("linux-arm64", "linux-aarch64", "liboo_jwt.so"),
    ("linux-musl-x64", "linux-x86_64-musl", "liboo_jwt.so"),
    ("win-x64", "windows-x86_64", "oo_jwt.dll"),
]


def cargo_version():
    text = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


def project(path):
    props = {}
    for el in ET.parse(path).getroot().iter():
        if el.text and el.text.strip() and el.tag not in props:
            props[el.tag] = el.text.strip()
    return props


def nuspec(props, version, dependencies, extra=""):
    return f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>{escape(props["PackageId"])}</id>
    <version>{version}</version>
    <authors>{escape(props["Authors"])}</authors>
    <license type="expression">{escape(props["PackageLicenseExpression"])}</license>
    <licenseUrl>https://licenses.nuget.org/{escape(props["PackageLicenseExpression"])}</licenseUrl>
    <readme>README.md</readme>
    <description>{escape(props["Description"])}</description>
    <tags>{escape(props["PackageTags"].replace(";", " "))}</tags>
    <dependencies>
{dependencies}
    </dependencies>{extra}
  </metadata>
</package>
"""


def write(out, props, version, spec, files):
    """files: [(path in the package, bytes)] after the OPC parts."""
    pid = props["PackageId"]
    psmdcp = "package/services/metadata/core-properties/" + hashlib.sha256(
        f"{pid} {version}".encode()).hexdigest()[:32] + ".psmdcp"
    exts = sorted({p.rsplit(".", 1)[1] for p, _ in files} | {"nuspec"})
    types = "".join(f'<Default Extension="{e}" ContentType="application/octet" />' for e in exts)
    content_types = ('<?xml version="1.0" encoding="utf-8"?>'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />'
                     '<Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml" />'
                     + types + '</Types>')
    rels = ('<?xml version="1.0" encoding="utf-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/{pid}.nuspec" Id="R0" />'
            '<Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"'
            f' Target="/{psmdcp}" Id="R1" /></Relationships>')
    core = ('<?xml version="1.0" encoding="utf-8"?>'
            '<coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            ' xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">'
            f'<dc:creator>{escape(props["Authors"])}</dc:creator>'
            f'<dc:description>{escape(props["Description"])}</dc:description>'
            f'<dc:identifier>{escape(pid)}</dc:identifier><version>{version}</version>'
            f'<keywords>{escape(props["PackageTags"].replace(";", " "))}</keywords>'
            '<lastModifiedBy>oo-jwt tools/pack.py</lastModifiedBy></coreProperties>')
    entries = [("_rels/.rels", rels.encode()), (f"{pid}.nuspec", spec.encode()), *files,
               (psmdcp, core.encode()), ("[Content_Types].xml", content_types.encode())]
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{pid}.{version}.nupkg"
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    tmp.replace(target)
    print(f"{target} ({len(entries)} entries)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", type=pathlib.Path, required=True,
                    help="the mcs build: OoJwt.dll, OoJwt.xml, net8/OoJwt.dll, net8/OoJwt.xml, ...")
    ap.add_argument("--native", type=pathlib.Path, required=True, help="dist/native/<platform>/")
    ap.add_argument("--out", type=pathlib.Path, required=True)
    a = ap.parse_args()
    version = cargo_version()
    readme = (HERE / "README.md").read_bytes()

    core = project(HERE / "OoJwt.csproj")
    # lib/net8.0: the same sources built for .NET 8 by mcs (the Makefile's net8 rules, checked by
    # tests/package/check_net8.py): the NativeLibrary resolver, VerifyClaims.
    files = [("lib/netstandard2.0/OoJwt.dll", (a.build / "OoJwt.dll").read_bytes()),
             ("lib/netstandard2.0/OoJwt.xml", (a.build / "OoJwt.xml").read_bytes()),
             ("lib/net8.0/OoJwt.dll", (a.build / "net8" / "OoJwt.dll").read_bytes()),
             ("lib/net8.0/OoJwt.xml", (a.build / "net8" / "OoJwt.xml").read_bytes())]
    for rid, platform, name in RUNTIMES:
        lib = a.native / platform / name
        if not lib.is_file():
            sys.exit(f"pack.py: {lib} is missing: run `make dist-libs` at the repository root")
        files.append((f"runtimes/{rid}/native/{name}", lib.read_bytes()))
    files.append(("README.md", readme))
    # No package dependencies: System.Text.Json is part of .NET 8's shared framework.
    deps = ('      <group targetFramework=".NETStandard2.0" />\n'
            '      <group targetFramework="net8.0" />')
    write(a.out, core, version, nuspec(core, version, deps), files)

    adapter = project(HERE / "aspnet" / "OoJwt.AspNet.csproj")
    files = [("lib/net472/OoJwt.AspNet.dll", (a.build / "OoJwt.AspNet.dll").read_bytes()),
             ("lib/net472/OoJwt.AspNet.xml", (a.build / "OoJwt.AspNet.xml").read_bytes()),
             ("README.md", readme)]
    deps = (f'      <group targetFramework=".NETFramework4.7.2">\n'
            f'        <dependency id="{core["PackageId"]}" version="[{version}]" exclude="Build,Analyzers" />\n'
            f'      </group>')
    extra = ('\n    <frameworkAssemblies>\n'
             '      <frameworkAssembly assemblyName="System.Web" targetFramework=".NETFramework4.7.2" />\n'
             '    </frameworkAssemblies>')
    write(a.out, adapter, version, nuspec(adapter, version, deps, extra), files)


if __name__ == "__main__":
    main()
