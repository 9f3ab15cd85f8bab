/* A stand-in for Windows' bcryptprimitives.dll, for Wine versions that lack it (Debian 12's Wine 8):
 * Rust's standard library on Windows 10+ imports ProcessPrng from it for its random seeds. This
 * forwards to BCryptGenRandom, which Wine has. Built and placed beside the test programs only by
 * `make test-windows`, and only when the Wine prefix has no bcryptprimitives.dll; never shipped. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
