namespace Makini.Flows.Engine.Expressions;

/// <summary>A script's literal use of <c>vars.name</c> or <c>outputs.id</c>, with its 1-based position.</summary>
internal sealed record NameReference(string Root, string Name, int Line, int Column);
