using Makini.Flows.Engine.Activities.BuiltIn;

namespace Makini.Flows.Engine.Activities;

/// <summary>The activity types a flow may use, by type name.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, ActivityDescriptor> _byType = new(StringComparer.Ordinal);

    public IEnumerable<ActivityDescriptor> Descriptors => _byType.Values;

    public ActivityRegistry Register<TActivity>()
        where TActivity : Activity, new() => Register(typeof(TActivity));

    public ActivityRegistry Register(Type activityType)
    {
        if (
            !typeof(Activity).IsAssignableFrom(activityType)
            || activityType.GetConstructor(Type.EmptyTypes) is null
        )
            throw new ArgumentException(
                $"{activityType.Name} must derive from Activity and have a public parameterless constructor"
            );
        var descriptor = ActivityDescriptorBuilder.Build(activityType);
        if (!_byType.TryAdd(descriptor.Type, descriptor))
            throw new InvalidOperationException(
                $"activity type '{descriptor.Type}' is registered twice"
            );
        return this;
    }

    public ActivityDescriptor? Find(string type) => _byType.GetValueOrDefault(type);

    /// <summary>A registry holding the engine's built-in activities.</summary>
    public static ActivityRegistry CreateWithBuiltIns() =>
        new ActivityRegistry()
            .Register<Start>()
            .Register<If>()
            .Register<Switch>()
            .Register<ForEach>()
            .Register<Fork>()
            .Register<Join>()
            .Register<SetVariable>()
            .Register<Log>()
            .Register<Delay>()
            .Register<Fail>()
            .Register<Finish>()
            .Register<RunFlow>();
}
