// Reads NUnit 2.6's TestResult.xml; prints one FAIL line per failed test and, last, "N passed, N failed".
// A test that did not run (ignored, not runnable, a TestCaseSource that threw) counts as failed.
using System;
using System.Linq;
using System.Xml.Linq;

internal static class NUnitSummary
{
    private static int Main(string[] args)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Load(args[0]);
        }
        catch (Exception e)
        {
            Console.WriteLine("FAIL no NUnit result: " + e.Message);
            Console.WriteLine("0 passed, 1 failed");
            return 1;
        }
        int passed = 0, failed = 0;
        foreach (XElement tc in doc.Descendants("test-case"))
        {
            bool ok = (string)tc.Attribute("executed") == "True" && (string)tc.Attribute("success") == "True";
            if (ok) { passed++; continue; }
            failed++;
            string msg = tc.Descendants("message").Select(m => m.Value.Trim()).FirstOrDefault()
                         ?? ("result " + (string)tc.Attribute("result"));
            Console.WriteLine("FAIL " + (string)tc.Attribute("name") + ": " + msg.Replace("\n", "\n     "));
        }
        // A fixture or suite that failed to load has no test-case elements: count it too.
        foreach (XElement ts in doc.Descendants("test-suite"))
            if ((string)ts.Attribute("result") == "Error" || ((string)ts.Attribute("result") == "NotRunnable"))
                if (!ts.Descendants("test-case").Any())
                {
                    failed++;
                    Console.WriteLine("FAIL suite " + (string)ts.Attribute("name") + ": " +
                                      (ts.Descendants("message").Select(m => m.Value.Trim()).FirstOrDefault() ?? "did not run"));
                }
        Console.WriteLine(passed + " passed, " + failed + " failed");
        return failed == 0 && passed > 0 ? 0 : 1;
    }
}
