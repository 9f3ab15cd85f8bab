// Stubs of the .NET 5+ APIs that src/*.cs uses under #if NET5_0_OR_GREATER, for `make net8-check`: mcs
// compiles the net8.0-only code against them (the .NET SDK is not on the test machine). Signatures as in
// .NET 8; nothing here runs.
#pragma warning disable 1591
using System.Reflection;

namespace System.Runtime.InteropServices
{
    public delegate IntPtr DllImportResolver(string libraryName, Assembly assembly, DllImportSearchPath? searchPath);

    public static class NativeLibrary
    {
        public static void SetDllImportResolver(Assembly assembly, DllImportResolver resolver) { }
        public static IntPtr Load(string libraryPath) { throw new NotSupportedException(); }
    }
}

namespace System.Text.Json
{
    public sealed class JsonDocument : IDisposable
    {
        public static JsonDocument Parse(string json, JsonDocumentOptions options = default(JsonDocumentOptions)) { throw new NotSupportedException(); }
        public JsonElement RootElement { get { throw new NotSupportedException(); } }
        public void Dispose() { }
    }

    public struct JsonDocumentOptions { public int MaxDepth { get; set; } }

    public struct JsonElement
    {
        public JsonElement Clone() { throw new NotSupportedException(); }
    }
}

// RuntimeInformation.RuntimeIdentifier (.NET 5+), which Mono's RuntimeInformation lacks: the check's copy
// of the sources calls this instead.
internal static class Net8Stubs
{
    public static string RuntimeIdentifier { get { throw new System.NotSupportedException(); } }
}
