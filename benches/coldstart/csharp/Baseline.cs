// Cold start "baseline": Mono starting and exiting, nothing of ours loaded.
internal static class Baseline
{
    private static int Main() => 0;
}
