// Cold start "load": Mono starting and loading liboo_jwt through P/Invoke, as OoJwt.dll does (the library beside
// the program, as the package installs it). Mono loads a DllImport's library at its first call: the one call is
// oo_abi_version, which does no work.
using System.Runtime.InteropServices;

internal static class Load
{
    [DllImport("oo_jwt", CallingConvention = CallingConvention.Cdecl)]
    private static extern uint oo_abi_version();

    private static int Main() => oo_abi_version() >> 16 == 1 ? 0 : 1;
}
