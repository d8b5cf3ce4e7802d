using System.Reflection;
using Marketplace.Contracts;

namespace Marketplace.Hosting.Security;

/// <summary>
/// The Caller a message carries, found by reflection once per message type (the static field of a generic class is
/// per closed type): requests from the gateway have one, events and service-to-service commands do not.
/// </summary>
public static class CallerOf<T> where T : class
{
    private static readonly PropertyInfo? Property = typeof(T)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .SingleOrDefault(p => p.PropertyType == typeof(Caller) && p.GetIndexParameters().Length == 0);

    public static bool Carries => Property is not null;

    /// <summary>The caller, or null for a message type without one (or a message that leaves it empty).</summary>
    public static Caller? Get(T message) => Property?.GetValue(message) as Caller;
}
