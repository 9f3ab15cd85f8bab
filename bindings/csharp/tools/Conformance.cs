// `make conformance`: one line per vector file, CONFORMANCE csharp <file-stem> <passed> <failed>
// (failures are printed before, one FAIL line each, naming the case id).
using System;
using System.Linq;
using OoJwt.Tests;

internal static class Conformance
{
    private static int Main()
    {
        int totalFailed = 0;
        var files = Vectors.Files(); // throws when the files differ from manifest.json
        if (files.Count == 0)
        {
            Console.WriteLine("FAIL no vector file in " + Vectors.Dir);
            return 1;
        }
        foreach (string file in files)
        {
            int passed = 0, failed = 0;
            foreach (VectorCase c in Vectors.Load(file))
            {
                string failure = VectorRunner.Check(c);
                if (failure == null) passed++;
                else
                {
                    failed++;
                    Console.WriteLine("FAIL " + failure);
                }
            }
            totalFailed += failed;
            Console.WriteLine("CONFORMANCE csharp " + System.IO.Path.GetFileNameWithoutExtension(file) + " " + passed + " " + failed);
        }
        return totalFailed == 0 ? 0 : 1;
    }
}
