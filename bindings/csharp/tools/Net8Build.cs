// The two metadata steps of the net8.0 build with mcs (the Makefile's net8 rules), with Mono.Cecil:
//
//   Net8Build.exe hide-corlib MSCORLIB OUT TYPE...
//       A compile-time copy of Mono's mscorlib with TYPE... made internal, so that mcs takes them from the
//       System.Runtime 8.0.0.0 stub instead (Mono's RuntimeInformation has no RuntimeIdentifier; two public
//       definitions would be ambiguous). Only mcs reads the copy.
//   Net8Build.exe retarget IN OUT NETSTANDARD_DLL
//       Every type reference mcs emitted into Mono's framework assemblies (mscorlib, System, System.Core, ...)
//       re-pointed at netstandard 2.0.0.0, the facade .NET 8's shared framework carries and forwards in full;
//       a type netstandard 2.0 does not have (not forwarded by Mono's own netstandard.dll, NETSTANDARD_DLL)
//       fails the build. The .NET 5+ types already point at their stubs' .NET 8 identities.
//
// tests/package/check_net8.py then checks the result with a different reader (ikdasm).
using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;

internal static class Net8Build
{
    // Mono's 4.x profile assemblies mcs compiled against (mscorlib, System, System.Core, System.Xml, ...: all
    // 4.0.0.0), which hold netstandard 2.0's types; the stubs (other versions) are left as they are.
    private static bool MonoFramework(AssemblyNameReference a) =>
        a.PublicKeyToken != null && a.PublicKeyToken.Length == 8 && a.Version == new Version(4, 0, 0, 0)
        && (Token(a) == "b77a5c561934e089" || Token(a) == "31bf3856ad364e35" || Token(a) == "b03f5f7f11d50a3a");

    private static string Token(AssemblyNameReference a) =>
        string.Concat(a.PublicKeyToken.Select(b => b.ToString("x2")));

    private static int Main(string[] args)
    {
        try
        {
            if (args.Length >= 3 && args[0] == "hide-corlib") return HideCorlib(args[1], args[2], args.Skip(3).ToArray());
            if (args.Length == 4 && args[0] == "retarget") return Retarget(args[1], args[2], args[3]);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("Net8Build: " + e.Message);
            return 1;
        }
        Console.Error.WriteLine("usage: Net8Build.exe hide-corlib MSCORLIB OUT TYPE... | retarget IN OUT NETSTANDARD_DLL");
        return 2;
    }

    private static int HideCorlib(string corlib, string output, string[] types)
    {
        using (AssemblyDefinition a = AssemblyDefinition.ReadAssembly(corlib))
        {
            foreach (string name in types)
            {
                TypeDefinition t = a.MainModule.GetType(name);
                if (t == null || !t.IsPublic) throw new Exception(corlib + " has no public " + name);
                t.IsPublic = false;
            }
            a.Write(output);
        }
        return 0;
    }

    private static int Retarget(string input, string output, string netstandardDll)
    {
        HashSet<string> standard;
        AssemblyNameReference netstandard;
        using (AssemblyDefinition ns = AssemblyDefinition.ReadAssembly(netstandardDll))
        {
            standard = new HashSet<string>(ns.MainModule.ExportedTypes.Where(e => e.DeclaringType == null).Select(e => e.FullName));
            netstandard = AssemblyNameReference.Parse(ns.Name.FullName);
        }
        if (netstandard.Name != "netstandard" || netstandard.Version != new Version(2, 0, 0, 0) || standard.Count < 1000)
            throw new Exception(netstandardDll + " is not netstandard 2.0.0.0's facade (" + netstandard.FullName + ", "
                                + standard.Count + " types)");

        var resolver = new DefaultAssemblyResolver();
        using (AssemblyDefinition a = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver }))
        {
            ModuleDefinition m = a.MainModule;
            m.AssemblyReferences.Add(netstandard);
            var missing = new List<string>();
            foreach (TypeReference t in m.GetTypeReferences())
            {
                var scope = t.Scope as AssemblyNameReference;
                if (scope == null || !MonoFramework(scope)) continue; // nested (scope: its declaring type) or a stub
                if (standard.Contains(t.FullName)) t.Scope = netstandard;
                else missing.Add(t.FullName + " [" + scope.Name + "]");
            }
            // mcs's declarative security for -unsafe (SecurityPermission SkipVerification, which .NET 8 ignores)
            // names its attribute type by assembly-qualified string: the same re-pointing.
            foreach (SecurityDeclaration d in a.SecurityDeclarations)
                foreach (SecurityAttribute s in d.SecurityAttributes)
                {
                    var scope = s.AttributeType.Scope as AssemblyNameReference;
                    if (scope == null || !MonoFramework(scope)) continue;
                    if (standard.Contains(s.AttributeType.FullName)) s.AttributeType.Scope = netstandard;
                    else missing.Add(s.AttributeType.FullName + " [" + scope.Name + "]");
                }
            if (missing.Count > 0) throw new Exception("not in netstandard 2.0: " + string.Join(", ", missing));
            foreach (AssemblyNameReference r in m.AssemblyReferences.Where(MonoFramework).ToList())
                m.AssemblyReferences.Remove(r);
            a.Write(output);
        }
        return 0;
    }
}
