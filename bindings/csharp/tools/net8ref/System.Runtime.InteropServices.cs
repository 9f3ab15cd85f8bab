// Compile-time stub of System.Runtime.InteropServices 8.0.0.0 (.NET 8's reference pack): NativeLibrary and
// DllImportResolver, .NET Core 3.0+ APIs that netstandard2.0 and Mono lack. Signatures as in dotnet/runtime's
// src/libraries/System.Runtime.InteropServices/ref/System.Runtime.InteropServices.cs for .NET 8. Never
// shipped, never run: bodies throw.
#pragma warning disable 1591
using System.Reflection;

[assembly: AssemblyVersion("8.0.0.0")]

namespace System.Runtime.InteropServices
{
    public delegate IntPtr DllImportResolver(string libraryName, Assembly assembly, DllImportSearchPath? searchPath);

    public static class NativeLibrary
    {
        public static void Free(IntPtr handle) { throw null; }
        public static IntPtr GetExport(IntPtr handle, string name) { throw null; }
        public static IntPtr Load(string libraryPath) { throw null; }
        public static IntPtr Load(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) { throw null; }
        public static void SetDllImportResolver(Assembly assembly, DllImportResolver resolver) { throw null; }
        public static bool TryLoad(string libraryPath, out IntPtr handle) { throw null; }
    }
}
