using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>8 threads x 10 000 calls at once give exactly what the same calls give one after the other,
    /// errors and their messages (each returned by its own call) included.</summary>
    [TestFixture]
    public class ConcurrencyTests
    {
        private const int Threads = 8;
        private const int Calls = 10000;

        // Call i of thread t: a mix of every kind of outcome, with a secret per thread.
        private static string Call(int t, int i)
        {
            byte[] secret = Encoding.UTF8.GetBytes("thread-secret-" + t + "-" + (i % 7));
            var now = new JwtOptions { Now = 1700000000 + i };
            try
            {
                switch (i % 6)
                {
                    case 0:
                        return Jwt.Sign("{\"t\":" + t + ",\"i\":" + i + ",\"key\":\"doc-" + t + "-" + i + "\"}", secret, now);
                    case 1:
                        string tok = Jwt.Sign("{\"t\":" + t + ",\"i\":" + i + "}", secret, new JwtOptions { ExpiresIn = 60, Now = 1700000000 });
                        return Jwt.Verify(tok, secret, now);
                    case 2: // bad_signature: the secret of another thread
                        string other = Jwt.Sign("{\"i\":" + i + "}", "thread-secret-" + ((t + 1) % Threads));
                        return Jwt.Verify(other, secret);
                    case 3: // expired, with a message naming times that differ per call
                        string old = Jwt.Sign("{\"i\":" + i + "}", secret, new JwtOptions { ExpiresIn = 1, Now = 1600000000 - t * 1000 - i });
                        return Jwt.Verify(old, secret, now);
                    case 4:
                        string body = Jwt.SignRequest("{\"c\":\"info\",\"key\":\"k" + t + "_" + i + "\"}", secret, Placement.Body, now);
                        return Jwt.VerifyRequest(body, null, secret, now);
                    default: // malformed / invalid_json with per-call text
                        if ((i / 6) % 2 == 0) return Jwt.Verify("not-a-token-" + t + "-" + i, secret);
                        return Jwt.Sign("{\"t\":" + t + ",", secret);
                }
            }
            catch (JwtException e)
            {
                return "error " + (int)e.Code + " " + e.Name + ": " + e.Detail;
            }
        }

        [Test]
        public void EightThreadsEqualASequentialRun()
        {
            var expected = new string[Threads][];
            for (int t = 0; t < Threads; t++)
            {
                expected[t] = new string[Calls];
                for (int i = 0; i < Calls; i++) expected[t][i] = Call(t, i);
            }

            var actual = new string[Threads][];
            var errors = new List<Exception>();
            var start = new Barrier(Threads);
            var threads = new Thread[Threads];
            for (int t = 0; t < Threads; t++)
            {
                int tt = t;
                threads[t] = new Thread(() =>
                {
                    try
                    {
                        var mine = new string[Calls];
                        start.SignalAndWait();
                        for (int i = 0; i < Calls; i++) mine[i] = Call(tt, i);
                        actual[tt] = mine;
                    }
                    catch (Exception e)
                    {
                        lock (errors) errors.Add(e);
                    }
                });
                threads[t].Start();
            }
            foreach (Thread th in threads) th.Join();
            Assert.That(errors, Is.Empty);

            int errorsSeen = 0;
            for (int t = 0; t < Threads; t++)
                for (int i = 0; i < Calls; i++)
                {
                    if (actual[t][i] != expected[t][i])
                        Assert.Fail("thread {0} call {1}:\n  sequential {2}\n  concurrent {3}", t, i, expected[t][i], actual[t][i]);
                    if (actual[t][i].StartsWith("error ")) errorsSeen++;
                }
            // The mix really has every kind of outcome, and every error came with a message.
            Assert.That(errorsSeen, Is.GreaterThan(Threads * Calls / 3));
            string all = string.Join("\n", expected[0]);
            foreach (string name in new[] { "bad_signature: ", "expired: ", "malformed: ", "invalid_json: " })
                Assert.That(all, Is.StringContaining(name));
            Assert.That(all, Is.Not.StringContaining(": \n"));
        }
    }
}
