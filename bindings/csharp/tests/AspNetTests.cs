using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>
    /// End to end: the classic ASP.NET handlers of OoJwt.AspNet (build/site: Web.config and bin/) served by
    /// Mono's ASP.NET server (fastcgi-mono-server4 behind nginx, both real Debian packages; Debian's xsp4
    /// 4.2 cannot start under Mono 6.8), driven by `oo-jwt docs-sim session`.
    /// </summary>
    [TestFixture]
    public class AspNetTests
    {
        private static string Fixture
        {
            get { return Path.Combine(Paths.Root, "tests", "fixtures", "integration", "local.json"); }
        }

        private static string Cli
        {
            get
            {
                string cli = Environment.GetEnvironmentVariable("OO_JWT_CLI");
                return string.IsNullOrEmpty(cli) ? Path.Combine(Paths.Root, "target", "release", "oo-jwt") : cli;
            }
        }

        /// <summary>One server: fastcgi-mono-server4 and nginx, each on a free loopback port (TCP rather than a
        /// unix socket: nginx's workers may run as another user); both bounded by `timeout` and stopped in
        /// Dispose, also when the constructor fails.</summary>
        private sealed class Server : IDisposable
        {
            public readonly string Dir, Log, BaseUrl;
            private readonly List<Process> processes = new List<Process>();

            public Server(string config)
            {
                Dir = Path.Combine(Path.GetTempPath(), "oo-jwt-cs-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(Dir);
                Log = Path.Combine(Dir, "callbacks.log");
                File.WriteAllText(Log, "");
                string site = Path.Combine(Path.GetDirectoryName(typeof(AspNetTests).Assembly.Location), "site");
                int port = FreePort(), fastcgi = FreePort();
                while (fastcgi == port) fastcgi = FreePort();
                BaseUrl = "http://127.0.0.1:" + port;
                File.WriteAllText(Path.Combine(Dir, "nginx.conf"),
                    "pid " + Dir + "/nginx.pid;\nerror_log " + Dir + "/nginx-error.log;\ndaemon off;\nworker_processes 1;\n" +
                    "events {}\nhttp {\n  access_log off;\n  client_body_temp_path " + Dir + "/b; fastcgi_temp_path " + Dir +
                    "/f;\n  proxy_temp_path " + Dir + "/p; uwsgi_temp_path " + Dir + "/u; scgi_temp_path " + Dir + "/s;\n" +
                    "  server {\n    listen 127.0.0.1:" + port + ";\n    root " + site + ";\n    location / {\n" +
                    "      include /etc/nginx/fastcgi_params;\n      fastcgi_param PATH_INFO \"\";\n" +
                    "      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n" +
                    "      fastcgi_pass 127.0.0.1:" + fastcgi + ";\n    }\n  }\n}\n");
                try
                {
                    Start("OO_JWT_SITE_CONFIG=" + Q(config) + " OO_JWT_SITE_LOG=" + Q(Log) +
                          " exec timeout 300 fastcgi-mono-server4 /applications=/:" + Q(site) + " /socket=tcp:127.0.0.1:" +
                          fastcgi + " > " + Q(Dir + "/fastcgi.log") + " 2>&1");
                    Start("exec timeout 300 /usr/sbin/nginx -e " + Q(Dir + "/nginx-error.log") + " -p " + Q(Dir) + " -c " +
                          Q(Dir + "/nginx.conf") + " > " + Q(Dir + "/nginx.log") + " 2>&1");
                    WaitReady();
                }
                catch
                {
                    Dispose();
                    throw;
                }
            }

            private static string Q(string s)
            {
                return "'" + s.Replace("'", "'\\''") + "'";
            }

            private void Start(string command)
            {
                var info = new ProcessStartInfo("/bin/bash", "-c " + Q(command)) { UseShellExecute = false };
                processes.Add(Process.Start(info));
            }

            private static int FreePort()
            {
                var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                int port = ((IPEndPoint)l.LocalEndpoint).Port;
                l.Stop();
                return port;
            }

            /// <summary>Ready when the download handler itself answers (403 without a token; nginx says 502
            /// while the ASP.NET server is not up). Bounded: 90 s.</summary>
            private void WaitReady()
            {
                DateTime deadline = DateTime.UtcNow.AddSeconds(90);
                int last = 0;
                while (DateTime.UtcNow < deadline)
                {
                    Process dead = processes.FirstOrDefault(p => p.HasExited);
                    if (dead != null) Assert.Fail("a server process exited: " + Logs());
                    last = Get("/files/doc.docx");
                    if (last == 403) return;
                    Thread.Sleep(200);
                }
                Assert.Fail("not ready within 90 s (last answer " + last + "): " + Logs());
            }

            /// <summary>POSTs a body (and an Authorization value) to the site; the status and the body.</summary>
            public Tuple<int, string> Post(string path, string body, string authorization)
            {
                var request = (HttpWebRequest)WebRequest.Create(BaseUrl + path);
                request.Method = "POST";
                request.Timeout = 10000;
                request.Proxy = null;
                request.ContentType = "application/json";
                if (authorization != null) request.Headers["Authorization"] = authorization;
                byte[] bytes = System.Text.Encoding.UTF8.GetBytes(body);
                using (Stream s = request.GetRequestStream()) s.Write(bytes, 0, bytes.Length);
                HttpWebResponse response;
                try { response = (HttpWebResponse)request.GetResponse(); }
                catch (WebException e) when (e.Response is HttpWebResponse) { response = (HttpWebResponse)e.Response; }
                using (response)
                using (var reader = new StreamReader(response.GetResponseStream()))
                    return Tuple.Create((int)response.StatusCode, reader.ReadToEnd());
            }

            private int Get(string path)
            {
                var request = (HttpWebRequest)WebRequest.Create(BaseUrl + path);
                request.Timeout = 5000;
                request.Proxy = null;
                try
                {
                    using (var response = (HttpWebResponse)request.GetResponse()) return (int)response.StatusCode;
                }
                catch (WebException e)
                {
                    var response = e.Response as HttpWebResponse;
                    return response == null ? 0 : (int)response.StatusCode;
                }
            }

            public string Logs()
            {
                return string.Join("\n", new[] { "fastcgi.log", "nginx.log", "nginx-error.log" }
                    .Select(f => Path.Combine(Dir, f)).Where(File.Exists).Select(f => f + ":\n" + Tail(File.ReadAllText(f))));
            }

            private static string Tail(string text)
            {
                return text.Length <= 2000 ? text : "..." + text.Substring(text.Length - 2000);
            }

            public void Dispose()
            {
                // TERM reaches `timeout`, which passes it on; KILL if anything is still there after 10 s.
                foreach (Process p in processes.Where(p => !p.HasExited))
                    using (Process k = Process.Start(new ProcessStartInfo("kill", "-TERM " + p.Id) { UseShellExecute = false }))
                        k.WaitForExit();
                foreach (Process p in processes)
                {
                    if (!p.WaitForExit(10000)) p.Kill();
                    p.Dispose();
                }
                try { Directory.Delete(Dir, true); } catch (IOException) { }
            }
        }

        private static readonly JwtOptions Expiring = new JwtOptions { ExpiresIn = 300 };

        private static JObject Session(Server server, out int exit)
        {
            string args = "120 " + Cli + " docs-sim session --config " + Fixture + " --callback-url " + server.BaseUrl +
                          "/callback --file-url " + server.BaseUrl + "/files/doc.docx --json";
            var info = new ProcessStartInfo("timeout", args)
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using (Process p = Process.Start(info))
            {
                var stderr = p.StandardError.ReadToEndAsync();
                string stdout = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                exit = p.ExitCode;
                Assert.That(stdout.TrimStart(), Is.StringStarting("{"), "docs-sim output: " + stdout + stderr.Result);
                return JObject.Parse(stdout);
            }
        }

        private static string Failed(JObject report)
        {
            return string.Join("\n", report["steps"].Where(s => !(bool)s["ok"]).Select(s => s["name"] + ": " + s["detail"]));
        }

        [Test]
        public void DocsSimSessionPasses()
        {
            using (var server = new Server(Fixture))
            {
                int exit;
                JObject report = Session(server, out exit);
                Assert.That((int)report["failed"], Is.EqualTo(0), Failed(report) + "\n" + server.Logs());
                Assert.That((int)report["passed"], Is.GreaterThanOrEqualTo(14));
                Assert.That(exit, Is.EqualTo(0));

                // What the handler received: verified callbacks of every status the session sends.
                string[][] lines = File.ReadAllLines(server.Log).Select(l => l.Split('\t')).ToArray();
                Assert.That(lines.Select(l => int.Parse(l[1])).Distinct().OrderBy(s => s), Is.EqualTo(new[] { 1, 2, 3, 4, 6, 7 }));
                Assert.That(lines.Length, Is.EqualTo(11), "the forged callback must not reach OnCallback");
                // The long history: the header token was cut, so changesurl and history came from the body token.
                string[] longHistory = lines.Single(l => l[0].EndsWith("-long"));
                Assert.That(longHistory[1], Is.EqualTo("2"));
                Assert.That(longHistory[3], Is.EqualTo("changesurl"));
                Assert.That(longHistory[4], Is.EqualTo("changes=120"));
                string[] forceSave = lines.Single(l => l[1] == "6");
                Assert.That(forceSave.Skip(6), Is.EqualTo(new[] { "forcesavetype=1", "userdata=docs-sim-userdata" }));

                // The adapter's other answers, through the same server: a body that is not JSON, a verified
                // callback without a status, and the integrator's save code failing.
                const string outbox = "it-outbox-secret-0123456789abcdef";
                Assert.That(server.Post("/callback", "not json", null), Is.EqualTo(Tuple.Create(400, "{\"error\":1}")));
                Assert.That(server.Post("/callback", Jwt.SignRequest("{\"key\":\"k\"}", outbox, options: Expiring), null),
                            Is.EqualTo(Tuple.Create(400, "{\"error\":1}")));
                string failing = Jwt.SignRequest("{\"key\":\"site-save-fails\",\"status\":2,\"url\":\"http://x/y\"}", outbox,
                                                 Placement.Header, Expiring);
                Assert.That(server.Post("/callback", "{}", "Bearer " + failing), Is.EqualTo(Tuple.Create(500, "{\"error\":1}")));
                Assert.That(server.Post("/callback", "{}", "Bearer " + Jwt.SignRequest("{\"key\":\"k2\",\"status\":4}", outbox,
                                                                                    Placement.Header, Expiring)),
                            Is.EqualTo(Tuple.Create(200, "{\"error\":0}")));
                Assert.That(File.ReadAllLines(server.Log).Last(), Is.StringStarting("k2\t4\t"));
            }
        }

        /// <summary>The handlers keep the header name of the last settings: other settings, or the other
        /// direction, are read anew; equal settings text given as another string is the same answer.</summary>
        [Test]
        public void TheHeaderNameFollowsTheSettings()
        {
            string a = "{\"inbox\":{\"header\":\"X-In\"},\"outbox\":{\"header\":\"X-Out\"}}";
            string b = "{\"inbox\":{\"header\":\"Authorization\"},\"outbox\":{\"header\":\"X-Other\"}}";
            Assert.That(OoJwt.AspNet.CallbackHandler.Header(a, "outbox"), Is.EqualTo("X-Out"));
            Assert.That(OoJwt.AspNet.CallbackHandler.Header(a, "outbox"), Is.EqualTo("X-Out"));
            Assert.That(OoJwt.AspNet.CallbackHandler.Header(a, "inbox"), Is.EqualTo("X-In"));
            Assert.That(OoJwt.AspNet.CallbackHandler.Header(b, "outbox"), Is.EqualTo("X-Other"));
            Assert.That(OoJwt.AspNet.CallbackHandler.Header(new string(a.ToCharArray()), "outbox"), Is.EqualTo("X-Out"));
            Assert.That(OoJwt.AspNet.CallbackHandler.Header("{}", "outbox"), Is.EqualTo("Authorization"));
            Assert.That(Assert.Throws<JwtException>(() => OoJwt.AspNet.CallbackHandler.Header("not json", "outbox")).Code, Is.EqualTo(ErrorCode.InvalidJson));
        }

        [Test]
        public void DocsSimSessionFailsWithAnotherOutboxSecret()
        {
            string dir = Path.Combine(Path.GetTempPath(), "oo-jwt-cs-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string wrong = Path.Combine(dir, "local.json");
                string text = File.ReadAllText(Fixture);
                Assert.That(text, Is.StringContaining("it-outbox-secret-0123456789abcdef"));
                File.WriteAllText(wrong, text.Replace("it-outbox-secret-0123456789abcdef", "another-outbox-secret-0123456789"));
                using (var server = new Server(wrong))
                {
                    int exit;
                    JObject report = Session(server, out exit);
                    Assert.That(exit, Is.Not.EqualTo(0));
                    Assert.That((int)report["failed"], Is.GreaterThan(0));
                    // Every callback and the signed download were refused; nothing reached OnCallback.
                    var refused = report["steps"].Where(s => !(bool)s["ok"]).Select(s => (string)s["name"]).ToList();
                    Assert.That(refused.Count(n => n.StartsWith("callback status")), Is.EqualTo(11), string.Join("\n", refused));
                    Assert.That(refused.Any(n => n.StartsWith("open")), Is.True, string.Join("\n", refused));
                    Assert.That(File.ReadAllText(server.Log), Is.Empty);
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
