namespace Makini.Flows.Engine.Activities;

/// <summary>Port names shared by the built-in activities.</summary>
public static class ActivityPorts
{
    public const string Done = "Done";
    public const string True = "True";
    public const string False = "False";
    public const string Body = "Body";
    public const string Default = "Default";
}
