using System.Collections;
using System.Reflection;
using Marketplace.Contracts;

namespace Marketplace.Hosting.Security;

/// <summary>
/// The callers a message carries, found by reflection once per message type (the static fields of a generic class are
/// per closed type): a request from the gateway has one Caller; a batch of requests (<c>PlaceBids</c>) has a list of
/// items with a Caller each; events and service-to-service commands have none.
/// </summary>
public static class CallerOf<T> where T : class
{
    private static readonly PropertyInfo? Property = CallerProperty(typeof(T));
    private static readonly (PropertyInfo Items, PropertyInfo Caller)? ItemCallers = Property is null ? ItemCallerProperties(typeof(T)) : null;

    public static bool Carries => Property is not null || ItemCallers is not null;

    /// <summary>
    /// Every caller of the message: its own, or one per item of a batch, in item order. Null when the type carries none,
    /// or when the message leaves one empty (it cannot be signed, nor verify).
    /// </summary>
    public static IReadOnlyList<Caller>? All(T message)
    {
        if (Property is not null) return Property.GetValue(message) is Caller caller ? [caller] : null;
        if (ItemCallers is not { } items || items.Items.GetValue(message) is not IEnumerable list) return null;
        var callers = new List<Caller>();
        foreach (var item in list)
        {
            if (item is null || items.Caller.GetValue(item) is not Caller caller) return null;
            callers.Add(caller);
        }
        return callers;
    }

    private static PropertyInfo? CallerProperty(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .SingleOrDefault(p => p.PropertyType == typeof(Caller) && p.GetIndexParameters().Length == 0);

    /// <summary>A property <c>IReadOnlyList&lt;TItem&gt;</c> whose item type has a Caller.</summary>
    private static (PropertyInfo, PropertyInfo)? ItemCallerProperties(Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType is not { IsGenericType: true } listType
                || listType.GetGenericTypeDefinition() != typeof(IReadOnlyList<>)) continue;
            if (CallerProperty(listType.GetGenericArguments()[0]) is { } caller) return (property, caller);
        }
        return null;
    }
}
