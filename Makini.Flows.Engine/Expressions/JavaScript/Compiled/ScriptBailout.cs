namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// Thrown when a compiled script meets a case it does not decide itself (an error, a value of an unexpected kind, a
/// budget spent): the expression is evaluated again by Jint, which gives the answer or the error. Compiled scripts
/// have no side effects, so evaluating them again is invisible.
/// </summary>
internal sealed class ScriptBailout : Exception
{
    public static readonly ScriptBailout Instance = new();

    private ScriptBailout()
        : base("the compiled script handed the evaluation to the JavaScript engine") { }
}
