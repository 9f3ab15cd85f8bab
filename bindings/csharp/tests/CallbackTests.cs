using System;
using System.IO;
using System.Linq;
using System.Reflection;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>The framework-neutral callback handler, the answer helper and the download check, on the real
    /// library without a server; settings from the shared integration fixture through LoadConfig.</summary>
    [TestFixture]
    public class CallbackTests
    {
        private const string Outbox = "it-outbox-secret-0123456789abcdef";
        private const string Inbox = "it-inbox-secret-0123456789abcdef";

        private static string Settings
        {
            get { return Jwt.LoadConfig(Path.Combine(Paths.Root, "tests", "fixtures", "integration", "local.json")); }
        }

        private static JwtException Throws(TestDelegate d)
        {
            return Assert.Throws<JwtException>(d);
        }

        private const string Full =
            "{\"key\":\"K1\",\"status\":6,\"url\":\"http://docs/out.docx\",\"changesurl\":\"http://docs/changes.zip\"," +
            "\"history\":{\"serverVersion\":\"8.0\",\"changes\":[{\"created\":\"2024-01-01 10:00:00\"},{\"created\":\"x\"}]}," +
            "\"users\":[\"u1\",\"u2\"],\"actions\":[{\"type\":2,\"userid\":\"u1\"}],\"forcesavetype\":1," +
            "\"filetype\":\"docx\",\"userdata\":\"note\",\"lastsave\":\"2024-01-01T10:00:00.000Z\",\"notmodified\":false}";

        [Test]
        public void BodyTokenGivesTheTypedCallback()
        {
            string body = Jwt.SignRequest(Full, Outbox);
            Callback cb = Jwt.HandleCallback(body, null, Settings);
            Assert.That(cb.Key, Is.EqualTo("K1"));
            Assert.That(cb.Status, Is.EqualTo(CallbackStatus.ForceSave));
            Assert.That(cb.Url, Is.EqualTo("http://docs/out.docx"));
            Assert.That(cb.ChangesUrl, Is.EqualTo("http://docs/changes.zip"));
            Assert.That((string)cb.History.Element("serverVersion"), Is.EqualTo("8.0"));
            Assert.That(cb.History.Element("changes").Elements().Count(), Is.EqualTo(2));
            Assert.That(cb.Users, Is.EqualTo(new[] { "u1", "u2" }));
            Assert.That((string)cb.Actions.Elements().Single().Element("userid"), Is.EqualTo("u1"));
            Assert.That(cb.ForceSaveType, Is.EqualTo(ForceSaveType.ForceSaveButton));
            Assert.That(cb.FileType, Is.EqualTo("docx"));
            Assert.That(cb.UserData, Is.EqualTo("note"));
            Assert.That((string)cb.Parameters.Element("notmodified"), Is.EqualTo("false"));
            Assert.That(cb.Json, Is.StringContaining("\"lastsave\""));
        }

        [Test]
        public void HeaderTokenAloneIsEnoughAndAbsentMembersAreNull()
        {
            string header = Jwt.SignRequest("{\"key\":\"K2\",\"status\":1}", Outbox, Placement.Header);
            Callback cb = Jwt.HandleCallback("{\"key\":\"K2\",\"status\":1}", "Bearer " + header, Settings);
            Assert.That(cb.Key, Is.EqualTo("K2"));
            Assert.That(cb.Status, Is.EqualTo(CallbackStatus.Editing));
            Assert.That(new object[] { cb.Url, cb.ChangesUrl, cb.History, cb.Users, cb.Actions, cb.ForceSaveType,
                                       cb.FileType, cb.UserData }, Is.All.Null);
        }

        [Test]
        public void TheUnsignedBodyIsNeverUsed()
        {
            // A header token over status 1 beside an unsigned body claiming status 2 with a url.
            string header = Jwt.SignRequest("{\"key\":\"K3\",\"status\":1}", Outbox, Placement.Header);
            Callback cb = Jwt.HandleCallback("{\"key\":\"K3\",\"status\":2,\"url\":\"http://evil/x\"}", "Bearer " + header, Settings);
            Assert.That(cb.Status, Is.EqualTo(CallbackStatus.Editing));
            Assert.That(cb.Url, Is.Null);
        }

        [Test]
        public void AnUnknownStatusIsKeptAsItsNumber()
        {
            Callback cb = Jwt.HandleCallback(Jwt.SignRequest("{\"key\":\"K\",\"status\":9,\"forcesavetype\":7}", Outbox), null, Settings);
            Assert.That((int)cb.Status, Is.EqualTo(9));
            Assert.That((int)cb.ForceSaveType.Value, Is.EqualTo(7));
            Assert.That(Enum.IsDefined(typeof(CallbackStatus), cb.Status), Is.False);
        }

        [Test]
        public void StatusNumbersAreDocsOnes()
        {
            Assert.That(new[] { CallbackStatus.Editing, CallbackStatus.ReadyForSaving, CallbackStatus.SaveError,
                                CallbackStatus.ClosedNoChanges, CallbackStatus.ForceSave, CallbackStatus.ForceSaveError }
                            .Select(s => (int)s), Is.EqualTo(new[] { 1, 2, 3, 4, 6, 7 }));
            Assert.That(new[] { ForceSaveType.Command, ForceSaveType.ForceSaveButton, ForceSaveType.Timer,
                                ForceSaveType.FormSubmission }.Select(s => (int)s), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        }

        [Test]
        public void TokenErrorsAre403()
        {
            string s = Settings;
            JwtException[] errors =
            {
                Throws(() => Jwt.HandleCallback(Jwt.SignRequest(Full, Inbox), null, s)),           // the inbox secret
                Throws(() => Jwt.HandleCallback("{\"key\":\"K\",\"status\":2}", null, s)),           // no token
                Throws(() => Jwt.HandleCallback("{\"token\":\"abc\"}", null, s)),                   // malformed
                Throws(() => Jwt.HandleCallback(Jwt.SignRequest(Full, Outbox, options: new JwtOptions { Now = 1000, ExpiresIn = 60 }), null, s)),
            };
            Assert.That(errors.Select(e => e.Code), Is.EqualTo(new[] { ErrorCode.BadSignature, ErrorCode.MissingToken,
                                                                       ErrorCode.Malformed, ErrorCode.Expired }));
            foreach (JwtException e in errors)
            {
                CallbackAnswer a = CallbackAnswer.For(e);
                Assert.That(a.StatusCode, Is.EqualTo(403), e.Message);
                Assert.That(a.Body, Is.EqualTo("{\"error\":1}"));
            }
        }

        [Test]
        public void ABodyThatIsNotACallbackIs400()
        {
            string s = Settings;
            JwtException[] errors =
            {
                Throws(() => Jwt.HandleCallback("not json", null, s)),
                Throws(() => Jwt.HandleCallback(Jwt.SignRequest("{\"status\":2}", Outbox), null, s)),
                Throws(() => Jwt.HandleCallback(Jwt.SignRequest("{\"key\":\"K\"}", Outbox), null, s)),
                Throws(() => Jwt.HandleCallback(Jwt.SignRequest("{\"key\":7,\"status\":2}", Outbox), null, s)),
                Throws(() => Jwt.HandleCallback(Jwt.SignRequest("{\"key\":\"K\",\"status\":\"2\"}", Outbox), null, s)),
                Throws(() => Jwt.HandleCallback(Jwt.SignRequest("{\"key\":\"K\",\"status\":2.5}", Outbox), null, s)),
            };
            foreach (JwtException e in errors)
            {
                Assert.That(e.Code, Is.EqualTo(ErrorCode.InvalidJson), e.Message);
                Assert.That(CallbackAnswer.For(e).StatusCode, Is.EqualTo(400));
                Assert.That(CallbackAnswer.For(e).Body, Is.EqualTo("{\"error\":1}"));
            }
        }

        [Test]
        public void AnswersForSuccessSaveFailureAndSettings()
        {
            Assert.That(CallbackAnswer.For(null).StatusCode, Is.EqualTo(200));
            Assert.That(CallbackAnswer.For(null).Body, Is.EqualTo("{\"error\":0}"));
            Assert.That(CallbackAnswer.Ok.Body, Is.EqualTo("{\"error\":0}"));
            Assert.That(CallbackAnswer.For(new IOException("disk full")).StatusCode, Is.EqualTo(500));
            Assert.That(CallbackAnswer.SaveFailed.Body, Is.EqualTo("{\"error\":1}"));
            // Unusable settings are the integrator's side too.
            JwtException e = Throws(() => Jwt.HandleCallback(Jwt.SignRequest(Full, Outbox), null, "{}"));
            Assert.That(CallbackAnswer.For(e).StatusCode, Is.EqualTo(500), e.Message);
        }

        [Test]
        public void CheckDownloadVerifiesTheUrlsToken()
        {
            string s = Settings, url = "http://127.0.0.1:8080/files/doc.docx";
            string token = Jwt.Sign("{\"payload\":{\"url\":\"" + url + "\"}}", Outbox, new JwtOptions { ExpiresIn = 300 });
            Assert.That(Jwt.CheckDownload("Bearer " + token, url, s), Is.True);
            Assert.That(Throws(() => Jwt.CheckDownload(null, url, s)).Code, Is.EqualTo(ErrorCode.MissingToken));
            Assert.That(Throws(() => Jwt.CheckDownload("Bearer " + token, url + "x", s)).Code, Is.EqualTo(ErrorCode.UrlMismatch));
            string wrong = Jwt.Sign("{\"payload\":{\"url\":\"" + url + "\"}}", Inbox);
            Assert.That(Throws(() => Jwt.CheckDownload("Bearer " + wrong, url, s)).Code, Is.EqualTo(ErrorCode.BadSignature));
        }

        [Test]
        public void CheckDownloadLetsThroughWhatDocsDoesNotSign()
        {
            string dir = Path.Combine(Path.GetTempPath(), "oo-jwt-cs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string local = Path.Combine(dir, "local.json");
                File.WriteAllText(local, "{\"services\":{\"CoAuthoring\":{\"secret\":{\"outbox\":{\"string\":\"" + Outbox +
                    "\"}},\"token\":{\"enable\":{\"request\":{\"outbox\":true}},\"outbox\":{\"urlExclusionRegex\":\"/public/\"}}}}}");
                string s = Jwt.LoadConfig(local);
                Assert.That(Jwt.CheckDownload(null, "http://storage/public/a.docx", s), Is.False);
                Assert.That(Throws(() => Jwt.CheckDownload(null, "http://storage/private/a.docx", s)).Code,
                            Is.EqualTo(ErrorCode.MissingToken));
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Test]
        public void TheCoreAssemblyDoesNotReferenceSystemWeb()
        {
            string[] refs = typeof(Jwt).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToArray();
            Assert.That(refs, Has.No.Member("System.Web"));
            Assert.That(typeof(OoJwt.AspNet.CallbackHandler).Assembly.GetReferencedAssemblies().Select(a => a.Name),
                        Has.Member("System.Web"));
        }
    }
}
