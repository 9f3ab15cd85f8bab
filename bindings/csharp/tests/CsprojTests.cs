using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>What `dotnet build` / `dotnet pack` rely on in OoJwt.csproj (the .NET SDK is not on this
    /// machine, so the project file is checked as data).</summary>
    [TestFixture]
    public class CsprojTests
    {
        private static string Binding { get { return Path.Combine(Paths.Root, "bindings", "csharp"); } }

        private static XDocument Project()
        {
            return XDocument.Load(Path.Combine(Binding, "OoJwt.csproj"));
        }

        private static string Prop(XDocument d, string name)
        {
            return d.Descendants(name).Select(e => e.Value).FirstOrDefault();
        }

        [Test]
        public void TargetsAndCompileSettings()
        {
            XDocument d = Project();
            Assert.That(d.Root.Attribute("Sdk").Value, Is.EqualTo("Microsoft.NET.Sdk"));
            Assert.That(Prop(d, "TargetFrameworks").Split(';'), Is.EquivalentTo(new[] { "netstandard2.0", "net8.0" }));
            Assert.That(Prop(d, "AllowUnsafeBlocks"), Is.EqualTo("true"));
            Assert.That(Prop(d, "EnableDefaultCompileItems"), Is.EqualTo("false"));
            Assert.That(Prop(d, "AssemblyName"), Is.EqualTo("OoJwt"));
            // The one list of sources, also what the Makefile hands to mcs; every one of them is there.
            var globs = d.Descendants("Compile").Select(e => e.Attribute("Include").Value).ToList();
            Assert.That(globs, Is.EqualTo(new[] { "src/*.cs" }));
            Assert.That(Directory.GetFiles(Path.Combine(Binding, "src"), "*.cs").Length, Is.GreaterThanOrEqualTo(5));
        }

        [Test]
        public void PacksTheNativeLibraryForLinuxX64()
        {
            XDocument d = Project();
            var native = d.Descendants("None").Single(e => (string)e.Attribute("Link") == "liboo_jwt.so");
            Assert.That((string)native.Attribute("Pack"), Is.EqualTo("true"));
            Assert.That((string)native.Attribute("PackagePath"), Is.EqualTo("runtimes/linux-x64/native/liboo_jwt.so"));
            Assert.That((string)native.Attribute("Include"), Is.EqualTo("$(OoJwtNativeLib)"));
            Assert.That(d.Descendants("OoJwtNativeLib").Select(e => e.Value), Has.Some.StringContaining("$(OO_JWT_LIB)"));
        }

        [Test]
        public void PacksTheOtherPlatformsFromDistNative()
        {
            // The same runtime identifiers as `make dist` (tools/pack.py), each present only once dist-libs ran.
            var paths = Project().Descendants("None").Select(e => (string)e.Attribute("PackagePath")).Where(p => p != null && p.StartsWith("runtimes/"));
            Assert.That(paths, Is.EquivalentTo(new[] { "runtimes/linux-x64/native/liboo_jwt.so", "runtimes/linux-arm64/native/liboo_jwt.so",
                                                        "runtimes/linux-musl-x64/native/liboo_jwt.so", "runtimes/win-x64/native/oo_jwt.dll" }));
            string pack = File.ReadAllText(Path.Combine(Binding, "tools", "pack.py"));
            foreach (string p in paths) Assert.That(pack, Is.StringContaining("\"" + p.Split('/')[1] + "\""), p);
        }

        [Test]
        public void PackageVersionIsTheCoresVersion()
        {
            string cargo = File.ReadAllText(Path.Combine(Paths.Root, "Cargo.toml"));
            string version = Regex.Match(cargo, "^version = \"([^\"]+)\"", RegexOptions.Multiline).Groups[1].Value;
            Assert.That(Jwt.Version, Is.EqualTo(version));
            // Both projects read Cargo.toml when MSBuild evaluates them: the expression's file and pattern,
            // applied here as MSBuild would, give the same version.
            var projects = new[] { Tuple.Create(Project(), "../../Cargo.toml"),
                                   Tuple.Create(XDocument.Load(Path.Combine(Binding, "aspnet", "OoJwt.AspNet.csproj")), "../../../Cargo.toml") };
            foreach (var p in projects)
            {
                string expr = Prop(p.Item1, "Version");
                Assert.That(expr, Is.StringContaining("$(MSBuildThisFileDirectory)" + p.Item2 + "'"));
                string pattern = Regex.Match(expr, @"'(\(\?m\)[^']+)'").Groups[1].Value;
                Assert.That(Regex.Match(cargo, pattern).Value, Is.EqualTo(version), expr);
            }
        }

        [Test]
        public void TheAspNetAdapterIsItsOwnProject()
        {
            // OoJwt never references System.Web; OoJwt.AspNet (aspnet/) does, and builds on OoJwt.
            XDocument core = Project();
            Assert.That(core.Descendants("Reference").Concat(core.Descendants("PackageReference"))
                            .Select(e => e.Attribute("Include").Value), Has.No.Member("System.Web"));
            XDocument adapter = XDocument.Load(Path.Combine(Binding, "aspnet", "OoJwt.AspNet.csproj"));
            Assert.That(Prop(adapter, "AssemblyName"), Is.EqualTo("OoJwt.AspNet"));
            Assert.That(Prop(adapter, "TargetFramework"), Is.StringStarting("net4"));
            Assert.That(adapter.Descendants("Reference").Select(e => e.Attribute("Include").Value), Has.Member("System.Web"));
            Assert.That(adapter.Descendants("ProjectReference").Select(e => e.Attribute("Include").Value),
                        Is.EqualTo(new[] { "../OoJwt.csproj" }));
            Assert.That(Directory.GetFiles(Path.Combine(Binding, "src"), "*.cs").Where(f => File.ReadAllText(f).Contains("System.Web")),
                        Is.Empty);
        }
    }
}
