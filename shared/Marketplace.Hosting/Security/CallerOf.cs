using System.Collections;
using System.Reflection;
using Marketplace.Contracts;

namespace Marketplace.Hosting.Security;

/// <summary>
/// The callers a message carries, found by reflection once per message type (the static fields of a generic class are
/// per closed type): a request from the gateway has one Caller; a batch of requests (<c>PlaceBids</c>) has items with a
/// Caller each; events and service-to-service commands have none. Every collection property whose items carry a Caller
/// counts, whatever its collection type, so a new batch shape cannot slip through unverified.
/// </summary>
public static class CallerOf<T> where T : class
{
    private static readonly PropertyInfo? Property = CallerProperty(typeof(T));
    private static readonly (PropertyInfo Items, PropertyInfo Caller)[] ItemCallers = ItemCallerProperties(typeof(T));

    public static bool Carries => Property is not null || ItemCallers.Length > 0;

    /// <summary>
    /// Every caller of the message: its own, then one per item of each batch property, in order. Null when the type
    /// carries none, or when the message leaves one empty (it cannot be signed, nor verify).
    /// </summary>
    public static IReadOnlyList<Caller>? All(T message)
    {
        if (!Carries) return null;
        var callers = new List<Caller>();
        if (Property is not null)
        {
            if (Property.GetValue(message) is not Caller own) return null;
            callers.Add(own);
        }
        foreach (var (items, caller) in ItemCallers)
        {
            if (items.GetValue(message) is not IEnumerable list) return null;
            foreach (var item in list)
            {
                if (item is null || caller.GetValue(item) is not Caller one) return null;
                callers.Add(one);
            }
        }
        return callers;
    }

    private static PropertyInfo? CallerProperty(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .SingleOrDefault(p => p.PropertyType == typeof(Caller) && p.GetIndexParameters().Length == 0);

    /// <summary>Every collection property (IEnumerable&lt;TItem&gt;, not text) whose item type has a Caller.</summary>
    private static (PropertyInfo, PropertyInfo)[] ItemCallerProperties(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType != typeof(string) && p.GetIndexParameters().Length == 0)
        .Select(p => (Items: p, Item: ItemType(p.PropertyType)))
        .Where(p => p.Item is not null && CallerProperty(p.Item) is not null)
        .Select(p => (p.Items, CallerProperty(p.Item!)!))
        .ToArray();

    private static Type? ItemType(Type collection) =>
        (collection.IsGenericType && collection.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? collection : null)
        ?.GetGenericArguments()[0]
        ?? collection.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
}
