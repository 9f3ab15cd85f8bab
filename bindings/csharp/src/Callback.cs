using System;
using System.Globalization;
using System.Linq;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace OoJwt
{
    /// <summary>
    /// The <c>status</c> of a Docs callback. A number Docs may add later is kept as that number
    /// (<c>(CallbackStatus)5</c>), not refused.
    /// <code>if (cb.Status == CallbackStatus.ReadyForSaving) Save(cb.Url);</code>
    /// </summary>
    public enum CallbackStatus
    {
        /// <summary>1: the document is being edited (a user opened, joined or left).</summary>
        Editing = 1,
        /// <summary>2: the document was closed and <see cref="Callback.Url"/> holds the result to save.</summary>
        ReadyForSaving = 2,
        /// <summary>3: saving the document failed.</summary>
        SaveError = 3,
        /// <summary>4: the document was closed with no changes.</summary>
        ClosedNoChanges = 4,
        /// <summary>6: a force save; <see cref="Callback.Url"/> holds the force-saved state.</summary>
        ForceSave = 6,
        /// <summary>7: force saving failed.</summary>
        ForceSaveError = 7,
    }

    /// <summary>What started a force save (<c>forcesavetype</c>, with status 6 and 7).
    /// <code>if (cb.ForceSaveType == ForceSaveType.Timer) { /* autosave */ }</code></summary>
    public enum ForceSaveType
    {
        /// <summary>0: the command service's <c>forcesave</c> command.</summary>
        Command = 0,
        /// <summary>1: the editor's force-save button.</summary>
        ForceSaveButton = 1,
        /// <summary>2: the server's timer.</summary>
        Timer = 2,
        /// <summary>3: a form was submitted.</summary>
        FormSubmission = 3,
    }

    /// <summary>
    /// A Docs callback, read from the VERIFIED parameters only (<see cref="Jwt.HandleCallback"/>). Each member is
    /// null when Docs did not send it. JSON values are given as the XML view of
    /// <c>System.Runtime.Serialization.Json.JsonReaderWriterFactory</c> (the JSON reader netstandard2.0 ships):
    /// elements named after the members, with a <c>type</c> attribute (string, number, boolean, null, object,
    /// array; array items are <c>item</c> elements).
    /// <code>Callback cb = Jwt.HandleCallback(body, authorization, settings); Console.WriteLine(cb.Key + " " + cb.Status);</code>
    /// </summary>
    public sealed class Callback
    {
        /// <summary>The document key.</summary>
        public string Key { get; private set; }
        /// <summary>The status (an unknown number is kept as it is).</summary>
        public CallbackStatus Status { get; private set; }
        /// <summary>The document to download and save (status 2 and 6).</summary>
        public string Url { get; private set; }
        /// <summary>The changes archive (<c>changesurl</c>).</summary>
        public string ChangesUrl { get; private set; }
        /// <summary>The version history (<c>history</c>, an object with <c>serverVersion</c> and <c>changes</c>).</summary>
        public XElement History { get; private set; }
        /// <summary>The ids of the users (<c>users</c>).</summary>
        public string[] Users { get; private set; }
        /// <summary>What the users did (<c>actions</c>, an array of objects with <c>type</c> and <c>userid</c>).</summary>
        public XElement Actions { get; private set; }
        /// <summary>What started a force save (<c>forcesavetype</c>).</summary>
        public ForceSaveType? ForceSaveType { get; private set; }
        /// <summary>The extension of the file at <see cref="Url"/> (<c>filetype</c>).</summary>
        public string FileType { get; private set; }
        /// <summary>The text given to the <c>forcesave</c> command (<c>userdata</c>) when it is a string.</summary>
        public string UserData { get; private set; }
        /// <summary>All the verified parameters (root element <c>root</c>).</summary>
        public XElement Parameters { get; private set; }
        /// <summary>All the verified parameters as the core returned them (JSON text).</summary>
        public string Json { get; private set; }

        /// <summary>Reads a callback from verified parameters (the JSON text
        /// <see cref="Jwt.VerifyRequestWithConfig"/> returned); without a string <c>key</c> and an integer
        /// <c>status</c> it is <c>invalid_json</c>. <see cref="Jwt.HandleCallback"/> verifies, then calls this.
        /// <code>Callback cb = Callback.FromVerified(Jwt.VerifyRequestWithConfig(body, auth, settings, Direction.Outbox));</code></summary>
        public static Callback FromVerified(string parameters)
        {
            XElement root = ParseJson(parameters);
            XElement status = Member(root, "status", "number");
            int number;
            if (Member(root, "key", "string") == null || status == null ||
                !int.TryParse(status.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
                throw new JwtException(ErrorCode.InvalidJson, "invalid_json", "a callback needs a string key and an integer status");
            XElement users = Member(root, "users", "array"), fst = Member(root, "forcesavetype", "number");
            int fs;
            return new Callback
            {
                Key = Text(root, "key"), Status = (CallbackStatus)number, Url = Text(root, "url"),
                ChangesUrl = Text(root, "changesurl"), History = root.Element("history"),
                Users = users?.Elements().Select(e => e.Value).ToArray(), Actions = root.Element("actions"),
                ForceSaveType = fst != null && int.TryParse(fst.Value, NumberStyles.None, CultureInfo.InvariantCulture, out fs)
                    ? (ForceSaveType?)fs : null,
                FileType = Text(root, "filetype"), UserData = Text(root, "userdata"), Parameters = root, Json = parameters,
            };
        }

        /// <summary>The JSON text <paramref name="json"/> as JsonReaderWriterFactory's XML view (root element
        /// <c>root</c>); text that is not JSON is <c>invalid_json</c>.
        /// <code>string header = (string)Callback.ParseJson(settings).Element("outbox").Element("header");</code></summary>
        public static XElement ParseJson(string json)
        {
            try
            {
                using (XmlDictionaryReader r = JsonReaderWriterFactory.CreateJsonReader(Encoding.UTF8.GetBytes(json ?? ""),
                                                                                        XmlDictionaryReaderQuotas.Max))
                    return XElement.Load(r);
            }
            catch (Exception e) when (e is XmlException || e is ArgumentException)
            {
                throw new JwtException(ErrorCode.InvalidJson, "invalid_json", "not JSON text", e);
            }
        }

        private static XElement Member(XElement root, string name, string type)
        {
            XElement e = root.Element(name);
            return e != null && (string)e.Attribute("type") == type ? e : null;
        }

        private static string Text(XElement root, string name) => Member(root, name, "string")?.Value;
    }

    /// <summary>
    /// The answer Docs expects from a callback handler: 200 <c>{"error":0}</c> when the callback was taken;
    /// otherwise <c>{"error":1}</c> with a status Docs logs: 403 for a token error, 400 for a body that is not
    /// JSON or has no key/status, 500 when the integrator's own code failed (or the settings are unusable).
    /// <code>CallbackAnswer a = CallbackAnswer.For(error); response.StatusCode = a.StatusCode; response.Write(a.Body);</code>
    /// </summary>
    public sealed class CallbackAnswer
    {
        /// <summary>The HTTP status.</summary>
        public int StatusCode { get; }
        /// <summary>The JSON body, <c>{"error":0}</c> or <c>{"error":1}</c>.</summary>
        public string Body { get; }

        private CallbackAnswer(int statusCode, string body)
        {
            StatusCode = statusCode;
            Body = body;
        }

        /// <summary>200 <c>{"error":0}</c>: the callback was taken.</summary>
        public static readonly CallbackAnswer Ok = new CallbackAnswer(200, "{\"error\":0}");

        /// <summary>500 <c>{"error":1}</c>: the integrator's code failed on a verified callback (Docs retries).</summary>
        public static readonly CallbackAnswer SaveFailed = new CallbackAnswer(500, "{\"error\":1}");

        /// <summary>The answer for an outcome: <c>null</c> is <see cref="Ok"/>; a <see cref="JwtException"/> is 400
        /// (<c>invalid_json</c>, <c>too_large</c>), 403 (a token error) or 500 (<c>invalid_config</c> and the other
        /// errors of the settings or the library); any other exception is <see cref="SaveFailed"/>.
        /// <code>CallbackAnswer a = CallbackAnswer.For(null); // 200 {"error":0}</code></summary>
        public static CallbackAnswer For(Exception error)
        {
            if (error == null) return Ok;
            switch ((error as JwtException)?.Code)
            {
                case ErrorCode.InvalidJson:
                case ErrorCode.TooLarge:
                    return new CallbackAnswer(400, "{\"error\":1}");
                case ErrorCode.Malformed:
                case ErrorCode.UnsupportedAlg:
                case ErrorCode.BadSignature:
                case ErrorCode.Expired:
                case ErrorCode.NotYetValid:
                case ErrorCode.MissingToken:
                    return new CallbackAnswer(403, "{\"error\":1}");
                default:
                    return SaveFailed;
            }
        }
    }

    public static partial class Jwt
    {
        /// <summary>Verifies a Docs callback with the loaded settings (the outbox secret, header prefix, clock
        /// tolerance and allow-list of <see cref="LoadConfig"/>'s JSON) and reads it from the verified
        /// parameters: the framework-neutral callback handler. <paramref name="authorization"/> is the value of
        /// the settings' outbox header (null when absent). Throws <see cref="JwtException"/>; turn the outcome
        /// into Docs' answer with <see cref="CallbackAnswer.For"/>.
        /// <code>Callback cb = Jwt.HandleCallback(body, request.Headers["Authorization"], settings);</code></summary>
        public static Callback HandleCallback(string body, string authorization, string settings) =>
            Callback.FromVerified(VerifyRequestWithConfig(body, authorization, settings, Direction.Outbox));

        /// <summary>Checks Docs' request for a file the integrator serves: when Docs signs downloads of
        /// <paramref name="url"/> (<see cref="DownloadTokenExpected"/>), its token must verify for that URL
        /// (<see cref="VerifyDownloadWithConfig"/>). Returns false when Docs sends no token for this URL, true when
        /// the token verified; throws <see cref="JwtException"/> otherwise (answer 403, serve nothing).
        /// <code>Jwt.CheckDownload(request.Headers["Authorization"], request.Url.AbsoluteUri, settings);</code></summary>
        public static bool CheckDownload(string authorization, string url, string settings)
        {
            if (!DownloadTokenExpected(url, settings)) return false;
            VerifyDownloadWithConfig(authorization, url, settings);
            return true;
        }
    }
}
