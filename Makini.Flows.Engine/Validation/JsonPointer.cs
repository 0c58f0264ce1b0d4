namespace Makini.Flows.Engine.Validation;

/// <summary>RFC 6901 JSON pointer helpers.</summary>
public static class JsonPointer
{
    public static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");

    public static string Activity(int index) => $"/activities/{index}";

    public static string Input(int activity, string input) =>
        $"/activities/{activity}/inputs/{Escape(input)}";

    public static string Connection(int index) => $"/connections/{index}";
}
