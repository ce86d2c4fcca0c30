/*
 * A stand-in for Windows' bcryptprimitives.dll, for running desk.exe under Wine 8 only
 * (the CLI tests in CI, scripts/wine-tests.sh). Rust's standard library gets its random
 * numbers (HashMap seeds) from ProcessPrng in bcryptprimitives.dll, which Windows 10 and
 * later ship and Wine 8 lacks; without it desk.exe does not start. This forwards to
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has. Never installed on a
 * workstation: real Windows has the real DLL.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    /* RtlGenRandom takes a ULONG length: a larger request is filled in pieces. */
    while (length > 0) {
        ULONG part = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, part))
            return FALSE;
        data += part;
        length -= part;
    }
    /* Windows documents ProcessPrng as always returning TRUE. */
    return TRUE;
}
