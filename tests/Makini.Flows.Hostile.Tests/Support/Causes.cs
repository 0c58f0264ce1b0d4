namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>The parts of the error messages that name a limit or a crash, as a flow author reads them.</summary>
public static class Causes
{
    /// <summary>The script's own check ("script ran longer...") or the watchdog's kill ("the script ran...").</summary>
    public const string TimeLimit = "ran longer than its limit of 2 s";
    public const string HostCrashed = "the script host crashed";
    public const string Recursion = "script recursion went too deep";
    public const string OutOfMemory = "script ran out of memory";
    public const string MemoryBudget = "script used too much memory";
    public const string HostMemory = "the script used more than 256 MB";
    public const string SizeLimit = "the limit is 10,000,000";
    public const string ResultValues = "script result has more than 1,000,000 JSON values";
    public const string ResultBytes = "of JSON; the limit is 16 MB";
    public const string ResultDepth = "script result is nested deeper than 64 levels";
    public const string CompileTimeLimit =
        "the script took longer than its limit of 10 s to compile";

    // JavaScript (Jint in the server):
    public const string Statements = "script ran more than 10,000,000 statements";
    public const string RegexTime = "a regular expression ran longer than its limit of 1 s";
    public const string RegexInput = "a regular expression may search at most 1048576 characters";
    public const string TypeError = "TypeError";
}
