namespace CrmFunctions.Hosting;

/// <summary>The functions of the app, looked up by name. Built once from <see cref="FunctionCatalog"/>.</summary>
public sealed class FunctionRegistry
{
    private readonly Dictionary<string, FunctionDefinition> _byName;

    public FunctionRegistry(IEnumerable<FunctionDefinition> functions)
    {
        Functions = functions.ToList();
        _byName = new Dictionary<string, FunctionDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in Functions)
        {
            if (!_byName.TryAdd(function.Name, function))
                throw new ArgumentException($"Function '{function.Name}' is defined twice.", nameof(functions));
            if (function.Trigger is not HttpTrigger && function.HandlerType is null)
                throw new ArgumentException($"Function '{function.Name}' has no handler.", nameof(functions));
        }
    }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public FunctionDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    public IEnumerable<FunctionDefinition> QueueFunctions => Functions.Where(f => f.Trigger is QueueTrigger);

    public IEnumerable<FunctionDefinition> TimerFunctions => Functions.Where(f => f.Trigger is TimerTrigger);

    public IEnumerable<FunctionDefinition> HttpFunctions => Functions.Where(f => f.Trigger is HttpTrigger);

    /// <summary>Every queue a function reads or writes, so local start-up can create them all.</summary>
    public IEnumerable<string> QueueNames =>
        Functions.SelectMany(f => f.Outputs.Select(o => o.QueueName)
                .Concat(f.Trigger is QueueTrigger q ? [q.QueueName] : []))
            .Distinct(StringComparer.Ordinal);
}
