/* A DLL that exports no WSPStartup, for lspctl's DLL inspection. */
__declspec(dllexport) int fixture_other(void);

int fixture_other(void)
{
    return 0;
}
