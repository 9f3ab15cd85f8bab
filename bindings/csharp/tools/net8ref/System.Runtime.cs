// Compile-time stub of System.Runtime 8.0.0.0 (.NET 8's reference pack), for the net8.0 build with mcs
// (the Makefile's net8 rules): only the types src/*.cs uses that .NET 8 defines in System.Runtime and that Mono's
// RuntimeInformation lacks a member of (RuntimeIdentifier). Signatures and enum values as in dotnet/runtime's
// src/libraries/System.Runtime/ref/System.Runtime.cs for .NET 8 (RuntimeInformation moved there from
// System.Runtime.InteropServices.RuntimeInformation in .NET 7). Never shipped, never run: bodies throw.
#pragma warning disable 1591
using System.Reflection;

[assembly: AssemblyVersion("8.0.0.0")]

namespace System.Runtime.InteropServices
{
    public enum Architecture
    {
        X86 = 0,
        X64 = 1,
        Arm = 2,
        Arm64 = 3,
        Wasm = 4,
        S390x = 5,
        LoongArch64 = 6,
        Armv6 = 7,
        Ppc64le = 8,
    }

    public struct OSPlatform : IEquatable<OSPlatform>
    {
        public static OSPlatform FreeBSD { get { throw null; } }
        public static OSPlatform Linux { get { throw null; } }
        public static OSPlatform OSX { get { throw null; } }
        public static OSPlatform Windows { get { throw null; } }
        public static OSPlatform Create(string osPlatform) { throw null; }
        public bool Equals(OSPlatform other) { throw null; }
        public override bool Equals(object obj) { throw null; }
        public override int GetHashCode() { throw null; }
        public override string ToString() { throw null; }
        public static bool operator ==(OSPlatform left, OSPlatform right) { throw null; }
        public static bool operator !=(OSPlatform left, OSPlatform right) { throw null; }
    }

    public static class RuntimeInformation
    {
        public static string FrameworkDescription { get { throw null; } }
        public static Architecture OSArchitecture { get { throw null; } }
        public static string OSDescription { get { throw null; } }
        public static Architecture ProcessArchitecture { get { throw null; } }
        public static string RuntimeIdentifier { get { throw null; } }
        public static bool IsOSPlatform(OSPlatform osPlatform) { throw null; }
    }
}
