using Spectre.Console.Cli;

namespace Marketplace.Cli;

/// <summary>
/// Spectre.Console.Cli builds commands through this: instances registered here (the environment) are handed to their
/// constructors, several registrations of a service resolve as IEnumerable of it (Spectre registers its help
/// providers so), and anything else is built from its widest public constructor. Enough for a CLI, without a container.
/// </summary>
internal sealed class TypeRegistrar : ITypeRegistrar, ITypeResolver
{
    private readonly Dictionary<Type, List<Func<object>>> _factories = [];

    public void Register(Type service, Type implementation) => Add(service, () => Create(implementation));
    public void RegisterInstance(Type service, object implementation) => Add(service, () => implementation);
    public void RegisterLazy(Type service, Func<object> factory) => Add(service, factory);
    public ITypeResolver Build() => this;

    public object? Resolve(Type? type)
    {
        if (type is null) return null;
        if (_factories.TryGetValue(type, out var factories)) return factories[^1]();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var element = type.GetGenericArguments()[0];
            var all = _factories.GetValueOrDefault(element) ?? [];
            var array = Array.CreateInstance(element, all.Count);
            for (var i = 0; i < all.Count; i++) array.SetValue(all[i](), i);
            return array;
        }
        return type.IsAbstract || type.IsInterface ? null : Create(type);
    }

    private void Add(Type service, Func<object> factory)
    {
        if (!_factories.TryGetValue(service, out var list)) _factories[service] = list = [];
        list.Add(factory);
    }

    private object Create(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke(constructor.GetParameters().Select(p => Resolve(p.ParameterType)).ToArray());
    }
}
