using System;
using System.Runtime.InteropServices;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>Every string the core returns is copied and freed. Measured as the C heap's bytes in
    /// use (glibc's mallinfo2: arenas and mmapped blocks) after a full collection with finalizers run,
    /// so neither the collector's timing, the allocator's high-water mark (RSS) nor other processes
    /// move it. Two equal phases run after a warm-up: a leak grows the heap linearly (phase 2 about as
    /// much as phase 1, at least the bytes returned); without one phase 2 grows by about nothing. The
    /// bound is a quarter of what a leak of every returned string would add.</summary>
    [TestFixture]
    public class MemoryTests
    {
        [StructLayout(LayoutKind.Sequential)]
        private struct MallInfo2
        {
            public UIntPtr Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
        }

        [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
        private static extern MallInfo2 mallinfo2();

        [DllImport("libc.so.6", EntryPoint = "malloc")]
        private static extern IntPtr malloc(UIntPtr size);

        [DllImport("libc.so.6", EntryPoint = "free")]
        private static extern void free(IntPtr p);

        private static long CHeap()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            MallInfo2 m = mallinfo2();
            return (long)m.Uordblks.ToUInt64() + (long)m.Hblkhd.ToUInt64();
        }

        private static void TwoPhase(string what, Action run, long leak)
        {
            run(); // warm-up: JIT, caches
            long h0 = CHeap();
            run();
            long h1 = CHeap();
            run();
            long h2 = CHeap();
            string report = string.Format("{0}: C heap growth: phase 1 {1} B, phase 2 {2} B; a leak adds >= {3} B",
                                          what, h1 - h0, h2 - h1, leak);
            Console.WriteLine(report);
            Assert.That(h2 - h1, Is.LessThan(leak / 4), report);
        }

        [Test]
        public void ReturnedStringsAreFreed()
        {
            string payload = "{\"data\":\"" + new string('x', 1000) + "\"}";
            byte[] secret = { 1, 2, 3, 4 };
            string token = Jwt.Sign(payload, secret);
            const int Rounds = 20000;
            TwoPhase("results", () =>
            {
                for (int i = 0; i < Rounds; i++)
                {
                    Jwt.Sign(payload, secret);
                    Jwt.Verify(token, secret);
                    Jwt.DecodeUnverified(token);
                    if (i % 10 == 0)
                        Assert.Throws<JwtException>(() => Jwt.Verify(token, "wrong"));
                }
            }, (long)Rounds * (token.Length + 1 + 2 * (payload.Length + 1)));
        }

        [Test]
        public void ErrorMessagesAreFreed()
        {
            // Each failure's message is allocated by the core for that call and freed by the wrapper.
            byte[] secret = { 1, 2, 3, 4 };
            string token = Jwt.Sign("{\"a\":1}", secret);
            string detail = Assert.Throws<JwtException>(() => Jwt.Verify(token, "wrong")).Detail;
            Assert.That(detail.Length, Is.GreaterThan(8));
            const int Rounds = 15000;
            TwoPhase("error messages", () =>
            {
                for (int i = 0; i < Rounds; i++)
                {
                    try { Jwt.Verify(token, "wrong"); }
                    catch (JwtException) { }
                    try { Jwt.Sign("[" + i + "]", secret); }
                    catch (JwtException) { }
                }
            }, (long)Rounds * 2 * (detail.Length + 1));
        }

        [Test]
        public void AThreadsBlockIsFreedWhenTheThreadIsGone()
        {
            // Each thread that calls the library gets its own block (1 KiB and more); its finalizer frees it.
            const int Threads = 300;
            TwoPhase("threads", () =>
            {
                for (int i = 0; i < Threads; i++)
                {
                    var th = new System.Threading.Thread(() => Jwt.Sign("{\"a\":1}", "k"));
                    th.Start();
                    th.Join();
                }
            }, Threads * 1024L);
        }

        [Test]
        public void TheHeapProbeSeesALeak()
        {
            // The probe itself can fail: 2000 unfreed 1 KiB blocks are seen as 2 MB of growth.
            long before = CHeap();
            var held = new IntPtr[2000];
            for (int i = 0; i < held.Length; i++) held[i] = malloc((UIntPtr)1024);
            try
            {
                Assert.That(CHeap() - before, Is.GreaterThanOrEqualTo(2000L * 1024));
            }
            finally
            {
                foreach (IntPtr p in held) free(p);
            }
        }
    }
}
