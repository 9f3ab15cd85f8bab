using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;

namespace OoJwt.Tests
{
    /// <summary>Every case of every tests/vectors/*.json, one NUnit test per case id.</summary>
    [TestFixture]
    public class VectorTests
    {
        public static IEnumerable<TestCaseData> Cases()
        {
            foreach (VectorCase c in Vectors.All())
                yield return new TestCaseData(c).SetName(c.Id).SetCategory("vectors." + c.File);
        }

        [Test, TestCaseSource("Cases")]
        public void Vector(VectorCase c)
        {
            string failure = VectorRunner.Check(c);
            if (failure != null) Assert.Fail(failure);
        }

        [Test]
        public void VectorFilesArePresentWithUniqueIds()
        {
            List<string> files = Vectors.Files();
            Assert.That(files, Is.Not.Empty, "no *.json in " + Vectors.Dir);
            List<VectorCase> all = Vectors.All();
            Assert.That(all.Count, Is.GreaterThan(0));
            var dup = all.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.That(dup, Is.Empty, "duplicate ids");
        }
    }
}
