// Compile-time stub of System.Text.Json 8.0.0.0 (part of .NET 8's shared framework): the members src/*.cs
// uses. Signatures as in dotnet/runtime's src/libraries/System.Text.Json/ref/System.Text.Json.cs for .NET 8.
// Never shipped, never run: bodies throw.
#pragma warning disable 1591
using System.Reflection;

[assembly: AssemblyVersion("8.0.0.0")]

namespace System.Text.Json
{
    public sealed class JsonDocument : IDisposable
    {
        private JsonDocument() { }
        public JsonElement RootElement { get { throw null; } }
        public static JsonDocument Parse(string json, JsonDocumentOptions options = default(JsonDocumentOptions)) { throw null; }
        public void Dispose() { throw null; }
    }

    public struct JsonDocumentOptions
    {
        public bool AllowTrailingCommas { get { throw null; } set { throw null; } }
        public int MaxDepth { get { throw null; } set { throw null; } }
    }

    public struct JsonElement
    {
        public JsonElement Clone() { throw null; }
        public JsonElement GetProperty(string propertyName) { throw null; }
        public long GetInt64() { throw null; }
        public string GetString() { throw null; }
    }
}
